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
func bomb() []byte {
	chunk := func(kind string, data []byte) []byte {
		var b bytes.Buffer
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(kind)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(kind), data...)))
		return b.Bytes()
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 50000)
	binary.BigEndian.PutUint32(ihdr[4:], 50000)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
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
		w.Write(jpg[:2]) // a JPEG start, then 50 MB
		chunk := bytes.Repeat([]byte{0}, 1<<20)
		for range 50 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
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
		{"a 404", public.URL + "/gone.jpg", ErrStatus},
		{"a file URL", "file:///etc/passwd", ErrURL},
		{"a URL with credentials", "http://user:pw@example.org/x.jpg", ErrURL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := f.Fetch(context.Background(), tc.url)
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

	p, err := f.Fetch(context.Background(), public.URL+"/ok.jpg")
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
		if _, err := f.Fetch(context.Background(), u); !errors.Is(err, ErrRefused) && !errors.Is(err, ErrURL) {
			t.Errorf("%s: %v, want refused", u, err)
		}
	}
	if n := conns.n.Load(); n != 0 {
		t.Errorf("the listener got %d connections", n)
	}
	// WIDGETS_IMAGE_ALLOW_PRIVATE: tests and -demo reach it.
	if _, err := NewFetcher(Options{AllowPrivate: true}).Fetch(context.Background(), s.URL+"/x.jpg"); !errors.Is(err, ErrNotImage) {
		t.Errorf("allowed private: %v, want it fetched (and found empty)", err)
	}
	if n := conns.n.Load(); n != 1 {
		t.Errorf("allowed private: %d connections, want 1", n)
	}
	if _, err := NewFetcher(Options{AllowPrivate: true}).Fetch(context.Background(), "http://169.254.169.254/"); !errors.Is(err, ErrRefused) {
		t.Errorf("cloud metadata with private allowed: %v, want refused", err)
	}
}

func TestReason(t *testing.T) {
	for err, want := range map[error]string{ErrRefused: "refused", ErrPixels: "pixels", errors.New("x"): "other"} {
		if got := Reason(err); got != want {
			t.Errorf("Reason(%v) = %s, want %s", err, got, want)
		}
	}
}
