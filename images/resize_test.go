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
