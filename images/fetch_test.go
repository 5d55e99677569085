package images

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingListener counts the connections it accepts.
type countingListener struct {
	net.Listener
	n atomic.Int32
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

// serveOn starts h on addr ("127.0.0.1:0") and counts its connections.
func serveOn(t testing.TB, addr string, h http.Handler) (*httptest.Server, *countingListener) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	cl := &countingListener{Listener: ln}
	s := httptest.NewUnstartedServer(h)
	s.Listener = cl
	s.Start()
	t.Cleanup(s.Close)
	return s, cl
}

func photo(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y += 7 {
		for x := 0; x < w; x += 7 {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bomb is a PNG of a few dozen bytes whose header claims 50,000 × 50,000
// pixels (2.5 billion: about 10 GB once decoded).
func bomb() []byte { return pngHeader(50000, 50000, 8, 2) }

// pngHeader is a PNG of a few dozen bytes whose header claims a size, bit
// depth and colour type (2 RGB, 6 RGBA): all a decoder reads before it
// allocates.
func pngHeader(width, height uint32, depth, colourType byte) []byte {
	chunk := func(kind string, data []byte) []byte {
		var b bytes.Buffer
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(kind)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(kind), data...)))
		return b.Bytes()
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], width)
	binary.BigEndian.PutUint32(ihdr[4:], height)
	ihdr[8], ihdr[9] = depth, colourType
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr)...)
	return append(out, chunk("IEND", nil)...)
}

// TestFetchRefusesHostileOrigins: every hostile case ends in an error
// naming its reason; addresses that must not be reached get no
// connection at all.
func TestFetchRefusesHostileOrigins(t *testing.T) {
	// The inside: a listener on 127.0.0.1 that must never be reached.
	inside, insideConns := serveOn(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write(photo(t, 10, 10))
	}))
	// The "public" origin, played on 127.0.0.2.
	jpg := photo(t, 64, 48)
	mux := http.NewServeMux()
	mux.HandleFunc("/ok.jpg", func(w http.ResponseWriter, r *http.Request) { w.Write(jpg) })
	mux.HandleFunc("/to-inside", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, inside.URL+"/x.jpg", http.StatusFound)
	})
	mux.HandleFunc("/to-metadata", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/bomb.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(bomb())
	})
	mux.HandleFunc("/page.jpg", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/jpeg") // it says so; its bytes say otherwise
		w.Write([]byte("<!doctype html><html><body>Not a picture</body></html>"))
	})
	mux.HandleFunc("/huge.jpg", func(w http.ResponseWriter, r *http.Request) {
		w.Write(jpg[:len(jpg)-2]) // a small JPEG but its end, then 50 MB
		chunk := bytes.Repeat([]byte{0}, 1<<20)
		for range 50 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/headless.jpg", func(w http.ResponseWriter, r *http.Request) {
		w.Write(jpg[:2]) // a JPEG start, then zeros where its header should be
		w.Write(bytes.Repeat([]byte{0}, 20<<20))
	})
	mux.HandleFunc("/gone.jpg", http.NotFound)
	public, _ := serveOn(t, "127.0.0.2:0", mux)
	f := NewFetcher(withPublic(Options{}, "127.0.0.2/32"))

	for _, tc := range []struct {
		name, url string
		want      error
	}{
		{"a loopback listener", inside.URL + "/x.jpg", ErrRefused},
		{"cloud metadata", "http://169.254.169.254/latest/meta-data/", ErrRefused},
		{"a private address", "http://10.0.0.1/x.jpg", ErrRefused},
		{"a redirect to loopback", public.URL + "/to-inside", ErrRefused},
		{"a redirect to cloud metadata", public.URL + "/to-metadata", ErrRefused},
		{"a redirect loop", public.URL + "/loop", ErrRedirects},
		{"a decompression bomb", public.URL + "/bomb.png", ErrPixels},
		{"an HTML page", public.URL + "/page.jpg", ErrNotImage},
		{"a 50 MB body", public.URL + "/huge.jpg", ErrTooLarge},
		{"a JPEG with no header in its first megabyte", public.URL + "/headless.jpg", ErrNotImage},
		{"a 404", public.URL + "/gone.jpg", ErrStatus},
		{"a file URL", "file:///etc/passwd", ErrURL},
		{"a URL with credentials", "http://user:pw@example.org/x.jpg", ErrURL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := f.fetch(context.Background(), tc.url, 0, nil)
			if !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	if n := insideConns.n.Load(); n != 0 {
		t.Errorf("the loopback listener got %d connections", n)
	}

	p, err := f.fetch(context.Background(), public.URL+"/ok.jpg", 0, nil)
	if err != nil || p.Format != "jpeg" || p.Width != 64 || p.Height != 48 || !bytes.Equal(p.Body, jpg) {
		t.Errorf("a good picture: %+v, %v", p, err)
	}
}

// TestFetchDefaultsRefuseLoopback: with the production settings nothing on
// this machine is reachable, by address or by port.
func TestFetchDefaultsRefuseLoopback(t *testing.T) {
	s, conns := serveOn(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	f := NewFetcher(Options{})
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(s.URL, "http://"))
	for _, u := range []string{s.URL + "/x.jpg", "http://localhost:" + port + "/x.jpg", "http://127.0.0.1/x.jpg", "http://[::1]/x.jpg", "http://0.0.0.0/x.jpg"} {
		if _, err := f.fetch(context.Background(), u, 0, nil); !errors.Is(err, ErrRefused) && !errors.Is(err, ErrURL) {
			t.Errorf("%s: %v, want refused", u, err)
		}
	}
	if n := conns.n.Load(); n != 0 {
		t.Errorf("the listener got %d connections", n)
	}
	// WIDGETS_IMAGE_ALLOW_PRIVATE: tests and -demo reach it.
	if _, err := NewFetcher(Options{AllowPrivate: true}).fetch(context.Background(), s.URL+"/x.jpg", 0, nil); !errors.Is(err, ErrNotImage) {
		t.Errorf("allowed private: %v, want it fetched (and found empty)", err)
	}
	if n := conns.n.Load(); n != 1 {
		t.Errorf("allowed private: %d connections, want 1", n)
	}
	for _, u := range []string{"http://169.254.169.254/", "http://[fd00:ec2::254]/", "http://[::ffff:169.254.169.254]/"} {
		if _, err := NewFetcher(Options{AllowPrivate: true}).fetch(context.Background(), u, 0, nil); !errors.Is(err, ErrRefused) {
			t.Errorf("cloud metadata %s with private allowed: %v, want refused", u, err)
		}
	}
}

// TestFetchBoundsDecodingMemory: a picture small on the wire and within the
// pixel cap can still need hundreds of megabytes to decode (16 bits a
// channel); the header's colour model says so before decoding.
func TestFetchBoundsDecodingMemory(t *testing.T) {
	big := pngHeader(4200, 4200, 16, 6) // 17.6 MP, under the pixel cap, but 8 B a pixel: 141 MB
	var small bytes.Buffer
	png.Encode(&small, image.NewNRGBA64(image.Rect(0, 0, 500, 500))) // 2 MB
	mux := http.NewServeMux()
	mux.HandleFunc("/big.png", func(w http.ResponseWriter, r *http.Request) { w.Write(big) })
	mux.HandleFunc("/small.png", func(w http.ResponseWriter, r *http.Request) { w.Write(small.Bytes()) })
	origin, _ := serveOn(t, "127.0.0.2:0", mux)
	f := NewFetcher(withPublic(Options{}, "127.0.0.2/32"))
	if _, err := f.fetch(context.Background(), origin.URL+"/big.png", 0, nil); !errors.Is(err, ErrPixels) {
		t.Errorf("a 17.6 MP 16-bit PNG: %v, want refused for its decoding size", err)
	}
	if _, err := f.fetch(context.Background(), origin.URL+"/small.png", 0, nil); err != nil {
		t.Errorf("a 0.25 MP 16-bit PNG: %v", err)
	}
}

// TestDescribeLeavesTheURLOut: logs say why a fetch failed, not where.
func TestDescribeLeavesTheURLOut(t *testing.T) {
	f := NewFetcher(Options{Timeout: 2 * time.Second})
	_, err := f.fetch(context.Background(), "https://nonexistent.invalid/2026/a-members-words.jpg?token=abc", 0, nil)
	if err == nil || strings.Contains(Describe(err), "a-members-words") || strings.Contains(Describe(err), "token") || !strings.HasPrefix(Describe(err), "fetch: ") {
		t.Errorf("Describe(%v) = %q", err, Describe(err))
	}
}

func TestReason(t *testing.T) {
	for err, want := range map[error]string{ErrRefused: "refused", ErrPixels: "pixels", errors.New("x"): "other"} {
		if got := Reason(err); got != want {
			t.Errorf("Reason(%v) = %s, want %s", err, got, want)
		}
	}
}
