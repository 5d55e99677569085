package images

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestDecodeCostFollowsTheDecoder: for each kind of picture, the estimate
// made from its header is at least what making its thumbnail allocates
// (decoding, the crop's copy, scaling, encoding), and not wildly more.
// The pictures are 900×600, so what they allocate is mostly pixels.
func TestDecodeCostFollowsTheDecoder(t *testing.T) {
	paletted := image.NewPaletted(image.Rect(0, 0, 900, 600), color.Palette{color.Black, color.White})
	var pal bytes.Buffer
	png.Encode(&pal, paletted)
	files := map[string][]byte{"paletted.png": pal.Bytes()}
	for _, name := range []string{"progressive-444.jpg", "progressive-cmyk.jpg", "baseline-420.jpg", "rgb16.png", "interlaced.png"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	for name, body := range files {
		cfg, format, err := image.DecodeConfig(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		estimate := decodeCost(body, format, cfg, 80)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if _, _, err := Thumbnail(Picture{Body: body, Format: format, Width: cfg.Width, Height: cfg.Height}, 80); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		runtime.ReadMemStats(&after)
		took := int64(after.TotalAlloc - before.TotalAlloc)
		t.Logf("%-22s estimate %6.1f MB, allocated %6.1f MB", name, float64(estimate)/1e6, float64(took)/1e6)
		if estimate < took || estimate > 3*took {
			t.Errorf("%s: estimated %d bytes, making its thumbnail allocated %d", name, estimate, took)
		}
	}
}

// The header tells progressive from baseline, the sampling and the
// components: the costs the issue found underestimated 3 to 5 times.
func TestDecodeCostOfHostileJPEGs(t *testing.T) {
	for _, tc := range []struct {
		file    string
		atLeast int64 // bytes per pixel of 5400×5400, from the decoder's allocations
	}{
		{"progressive-444.jpg", 15},  // 3 planes + 3 × 4 B of coefficients
		{"progressive-cmyk.jpg", 28}, // 4 planes + 16 B of coefficients + CMYK copy + crop
		{"baseline-420.jpg", 5},      // 1.5 B of planes + the 4 B crop
	} {
		body, err := os.ReadFile(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		j, ok := readJPEGHeader(body)
		if !ok {
			t.Fatalf("%s: header not read", tc.file)
		}
		cost := j.cost(5400, 5400) + 4*5400*5400
		if per := cost / (5400 * 5400); per < tc.atLeast {
			t.Errorf("%s: %d bytes a pixel, want at least %d", tc.file, per, tc.atLeast)
		}
	}
}
