package images

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// noisyPhoto is a 2000×1500 JPEG with detail, as a featured image is.
func noisyPhoto(t *testing.T) Picture {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	img := image.NewRGBA(image.Rect(0, 0, 2000, 1500))
	for y := range 1500 {
		for x := range 2000 {
			img.Set(x, y, color.RGBA{uint8(x/8 + r.IntN(40)), uint8(y/6 + r.IntN(40)), uint8(r.IntN(255)), 255})
		}
	}
	var b bytes.Buffer
	if err := jpegEncode(&b, img); err != nil {
		t.Fatal(err)
	}
	return Picture{Body: b.Bytes(), Format: "jpeg", Width: 2000, Height: 1500}
}

// TestThumbnailSizes: the bounds. A 2000×1500 photo shown at 40 px
// arrives as an 80 px thumbnail of at most 10 KB; an icon shown at 32 px,
// at most 4 KB.
func TestThumbnailSizes(t *testing.T) {
	p := noisyPhoto(t)
	body, ctype, err := Thumbnail(p, 80)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(body))
	if err != nil || cfg.Width != 80 || cfg.Height != 80 || ctype != "image/jpeg" {
		t.Errorf("thumbnail %dx%d %s, %v", cfg.Width, cfg.Height, ctype, err)
	}
	if len(body) > 10<<10 {
		t.Errorf("thumbnail of a %d KB photo is %d bytes, want at most 10 KB", len(p.Body)>>10, len(body))
	}
	t.Logf("2000×1500 photo, %d KB → 80×80 %s, %d bytes", len(p.Body)>>10, ctype, len(body))

	// An icon with transparency stays PNG, and small.
	icon := image.NewNRGBA(image.Rect(0, 0, 512, 512))
	for y := range 512 {
		for x := range 512 {
			if (x-256)*(x-256)+(y-256)*(y-256) < 200*200 {
				icon.Set(x, y, color.NRGBA{40, 120, 200, 255})
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, icon); err != nil {
		t.Fatal(err)
	}
	body, ctype, err = Thumbnail(Picture{Body: b.Bytes(), Format: "png", Width: 512, Height: 512}, 64)
	if err != nil || ctype != "image/png" || len(body) > 4<<10 {
		t.Errorf("icon: %s, %d bytes, %v; want PNG of at most 4 KB", ctype, len(body), err)
	}
	t.Logf("512×512 icon → 64×64 %s, %d bytes", ctype, len(body))

	// Smaller than asked: not enlarged.
	small, _, _ := Thumbnail(Picture{Body: photo(t, 20, 30)}, 80)
	if cfg, _, _ := image.DecodeConfig(bytes.NewReader(small)); cfg.Width != 20 || cfg.Height != 20 {
		t.Errorf("a 20×30 picture became %d×%d", cfg.Width, cfg.Height)
	}
}

// TestThumbnailKeepsColours: the box filter and Catmull-Rom keep a
// picture's colours: a 2000×1500 photo of two halves, red and blue, gives
// a thumbnail red on the left and blue on the right.
func TestThumbnailKeepsColours(t *testing.T) {
	body, _, err := Thumbnail(Picture{Body: halves(t, 2000, 1500), Format: "jpeg", Width: 2000, Height: 1500}, 80)
	if err != nil {
		t.Fatal(err)
	}
	th, _, err := image.Decode(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	near := func(a, b uint32) bool { return a>>8 > b-25 && a>>8 < b+25 }
	for _, p := range []struct {
		x       int
		r, g, b uint32
	}{{10, 200, 30, 30}, {33, 200, 30, 30}, {47, 30, 30, 200}, {70, 30, 30, 200}} { // the crop is centred: the halves meet at 40
		r, g, b, _ := th.At(p.x, 40).RGBA()
		if !near(r, p.r) || !near(g, p.g) || !near(b, p.b) {
			t.Errorf("pixel %d: %d,%d,%d; want about %d,%d,%d", p.x, r>>8, g>>8, b>>8, p.r, p.g, p.b)
		}
	}
}

// TestShrinkAveragesBlocks: each output pixel is its k×k block's mean,
// taken inside the rectangle asked for.
func TestShrinkAveragesBlocks(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 6, 2))
	for x := range 6 {
		for y := range 2 {
			m.SetRGBA(x, y, color.RGBA{uint8(10 * x), uint8(100 * y), 0, 255})
		}
	}
	got := shrink(m, image.Rect(2, 0, 6, 2), 2) // blocks x 2–3 and 4–5
	for x, want := range []color.RGBA{{25, 50, 0, 255}, {45, 50, 0, 255}} {
		if c := got.RGBAAt(x, 0); c != want {
			t.Errorf("pixel %d = %v, want %v", x, c, want)
		}
	}
	if got.Bounds() != image.Rect(0, 0, 2, 1) {
		t.Errorf("bounds %v", got.Bounds())
	}
}

// TestThumbnailIsUpright: a camera's JPEG stored sideways with EXIF
// orientation 6 (turn 90° clockwise to show) comes out as shown, not as
// stored, though its metadata is dropped.
func TestThumbnailIsUpright(t *testing.T) {
	plain := halves(t, 200, 100) // stored: red left, blue right
	// APP1: "Exif\0\0", a little-endian TIFF header, one IFD entry:
	// Orientation (0x0112), SHORT, 1, value 6.
	tiff := []byte{'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0}
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	seg := append([]byte{0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}, app1...)
	rotated := append(append([]byte{0xFF, 0xD8}, seg...), plain[2:]...)

	body, _, err := Thumbnail(Picture{Body: rotated, Format: "jpeg", Width: 200, Height: 100}, 80)
	if err != nil {
		t.Fatal(err)
	}
	th, _, err := image.Decode(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	// Shown: red on top, blue below; the centred square keeps both.
	top, _, _, _ := th.At(40, 10).RGBA()
	bottom, _, _, _ := th.At(40, 70).RGBA()
	if top>>8 < 150 || bottom>>8 > 80 {
		t.Errorf("red at the top %d, at the bottom %d: the picture was not turned upright", top>>8, bottom>>8)
	}
}

// halves is a JPEG, red on its left half and blue on its right.
func halves(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{200, 30, 30, 255}
			if x >= w/2 {
				c = color.RGBA{30, 30, 200, 255}
			}
			m.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpegEncode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
