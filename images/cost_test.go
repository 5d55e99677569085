package images

import (
	"bytes"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
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
	for name, body := range crafted(t, files["baseline-420.jpg"]) {
		files[name] = body
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

// crafted are the pictures a review found costed too low: junk bytes
// before a JPEG's frame that a marker walk must skip as image/jpeg does,
// an EXIF orientation after the frame header, a grey PNG with a
// transparent colour (decoded to NRGBA).
func crafted(t *testing.T, jpg []byte) map[string][]byte {
	t.Helper()
	app0 := 2 + 2 + int(jpg[4])<<8 | int(jpg[5]) // SOI, then APP0's marker and length
	junk := append(append(append([]byte{}, jpg[:app0]...), 0xFF, 0x00, 0x00, 0x01), jpg[app0:]...)

	sof := bytes.Index(jpg, []byte{0xFF, 0xC0})
	end := sof + 2 + (int(jpg[sof+2])<<8 | int(jpg[sof+3]))
	exif := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00")
	app1 := append([]byte{0xFF, 0xE1, byte((len(exif) + 2) >> 8), byte(len(exif) + 2)}, exif...)
	turned := append(append(append([]byte{}, jpg[:end]...), app1...), jpg[end:]...)

	var grey bytes.Buffer
	g := image.NewGray(image.Rect(0, 0, 900, 600))
	for i := range g.Pix {
		g.Pix[i] = uint8(i)
	}
	png.Encode(&grey, g)
	b := grey.Bytes()
	idat := bytes.Index(b, []byte("IDAT")) - 4
	var trns bytes.Buffer
	trns.Write([]byte{0, 0, 0, 2, 't', 'R', 'N', 'S', 0, 7})
	sum := crc32.ChecksumIEEE([]byte{'t', 'R', 'N', 'S', 0, 7})
	trns.Write([]byte{byte(sum >> 24), byte(sum >> 16), byte(sum >> 8), byte(sum)})
	transparent := append(append(append([]byte{}, b[:idat]...), trns.Bytes()...), b[idat:]...)

	for name, body := range map[string][]byte{"junk before the frame": junk, "exif after the frame": turned, "grey with tRNS": transparent} {
		if _, _, err := image.Decode(bytes.NewReader(body)); err != nil {
			t.Fatalf("%s: the decoder refuses it: %v", name, err)
		}
	}
	return map[string][]byte{"junk-before-frame.jpg": junk, "exif-after-frame.jpg": turned, "grey-trns.png": transparent}
}

// A WebP in the extended format does not say up front whether it is
// lossless or carries an alpha picture: it is costed for both.
func TestDecodeCostOfExtendedWebP(t *testing.T) {
	head := []byte("RIFF\x16\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x10\x00\x00\x00" + "\x7f\x3e\x00\xe7\x03\x00") // 16000×1000, alpha
	cfg, format, err := image.DecodeConfig(bytes.NewReader(head))
	if err != nil || format != "webp" || cfg.Width != 16000 || cfg.Height != 1000 {
		t.Fatalf("%v %s %+v", err, format, cfg)
	}
	if cost := decodeCost(head, format, cfg, 80); cost < 12*16000*1000 {
		t.Errorf("%d bytes, want at least 12 a pixel", cost)
	}
}

// FuzzJPEGHeader: whatever the bytes, the header read for the estimate is
// the one image/jpeg reads, and reading it never fails otherwise.
func FuzzJPEGHeader(f *testing.F) {
	for _, name := range []string{"progressive-444.jpg", "progressive-cmyk.jpg", "baseline-420.jpg"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 4096)])
	}
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0x00, 0x00, 0x01, 0xFF, 0xC0, 0x00, 0x0B, 8, 0, 16, 0, 16, 1, 1, 0x11, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		j, ok := readJPEGHeader(b)
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(b))
		if err == nil && (!ok || !j.agrees(cfg)) {
			t.Errorf("image/jpeg reads %dx%d %T, the estimate %+v (%v)", cfg.Width, cfg.Height, cfg.ColorModel, j, ok)
		}
	})
}
