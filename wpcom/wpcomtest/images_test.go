package wpcomtest

import (
	"bytes"
	"compress/zlib"
	"image"
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net/http"
	"strings"
	"testing"

	_ "golang.org/x/image/webp"
)

// The demo's image URLs, moved to the simulator, answer with real pictures
// of the format and size their names promise.
func TestPicturesAreRealImages(t *testing.T) {
	srv := NewServer(Options{SelfImages: true})
	defer srv.Close()
	for _, tc := range []struct {
		original      string
		format        string
		width, height int
		minBytes      int
	}{
		{"https://animalsofpnw.files.wordpress.com/2020/09/talking-with-your-pets.jpg", "jpeg", 2000, 1500, 900_000},
		{"https://tomandjerrykitchen.files.wordpress.com/2026/10/potatoes.webp", "webp", 800, 600, 10_000},
		{"https://en-blog.files.wordpress.com/2026/10/october.gif", "gif", 480, 360, 10_000},
		{"https://secure.gravatar.com/blavatar/4d5d4c4006d86ff465780ec0d2671c0231c8536cc2fa8167aca8a4dd76811795", "png", 512, 512, 10_000},
		{"https://animalsofpnw.files.wordpress.com/2020/01/cropped-otter.png", "png", 512, 512, 10_000},
	} {
		t.Run(tc.format, func(t *testing.T) {
			u := srv.img(tc.original)
			if !strings.HasPrefix(u, srv.URL+"/images/") {
				t.Fatalf("img(%s) = %s, want under %s/images/", tc.original, u, srv.URL)
			}
			resp, err := http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			cfg, format, err := image.DecodeConfig(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("%s: %v", u, err)
			}
			if format != tc.format || cfg.Width != tc.width || cfg.Height != tc.height || len(body) < tc.minBytes {
				t.Errorf("%s: %s %d×%d, %d bytes; want %s %d×%d, at least %d bytes", u, format, cfg.Width, cfg.Height, len(body),
					tc.format, tc.width, tc.height, tc.minBytes)
			}
			if _, _, err := image.Decode(bytes.NewReader(body)); err != nil {
				t.Errorf("%s does not decode: %v", u, err)
			}
		})
	}
}

func TestHostilePictures(t *testing.T) {
	srv := NewServer(Options{SelfImages: true})
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(name string) (*http.Response, []byte) {
		t.Helper()
		resp, err := client.Get(srv.URL + "/images/hostile/" + name)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, body
	}
	_, body := get(HostileBomb)
	cfg, _, err := image.DecodeConfig(bytes.NewReader(body))
	if err != nil || cfg.Width*cfg.Height < 100_000_000 || len(body) > 400_000 {
		t.Errorf("bomb: %d×%d in %d bytes (%v), want ≥ 100 MP in ≤ 400 KB", cfg.Width, cfg.Height, len(body), err)
	}
	// It is a real bomb: its data inflates to every pixel.
	idat := body[8+25+8 : len(body)-12-4] // after the signature, IHDR and IDAT's length and type; before its CRC and IEND
	zr, err := zlib.NewReader(bytes.NewReader(idat))
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil || n != 20000*(1+20000/8) {
		t.Errorf("bomb inflates to %d bytes (%v), want %d", n, err, 20000*(1+20000/8))
	}
	resp, body := get(HostileHTML)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || !bytes.Contains(body, []byte("<h1>")) {
		t.Errorf("html: %s %q", ct, body)
	}
	_, body = get(HostileHuge)
	if len(body) < 50<<20 {
		t.Errorf("huge: %d bytes, want ≥ 50 MB", len(body))
	}
	resp, _ = get(HostileRedirect)
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, "http://169.254.169.254/") {
		t.Errorf("redirect: %d to %q", resp.StatusCode, loc)
	}
	// The demo member shows each of them.
	for orig, name := range hostileImages {
		if got := srv.img(orig); got != srv.URL+"/images/hostile/"+name {
			t.Errorf("img(%s) = %s", orig, got)
		}
	}
}
