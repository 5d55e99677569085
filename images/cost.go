package images

import (
	"image"
	"image/color"
)

// decodeCost is the memory turning a picture into a thumbnail takes at
// its peak, in bytes, from its header alone: what the standard decoders
// allocate for its format, size and colour model (a progressive JPEG keeps
// every DCT coefficient, 256 bytes per 8×8 block and component, until the
// end), the upright copy of a camera JPEG, the RGBA copy of the centred
// square that Thumbnail scales, the box filter's output and the scaler's
// own buffer for a thumbnail side pixels square. head is the start of the
// file; the header's fields are read from it (DecodeConfig does not tell
// progressive from baseline, nor the chroma sampling). What cannot be told
// from the header is costed at its worst.
func decodeCost(head []byte, format string, cfg image.Config, side int) int64 {
	w, h := int64(cfg.Width), int64(cfg.Height)
	px := w * h
	edge := min(w, h)
	out := min(int64(side), edge)
	scaled := min(edge, 8*out) // the square after the box filter
	// Thumbnail's RGBA square, the box filter's output, and x/image/draw's
	// kernel scaler (four float64s for every column of the thumbnail and
	// row of its source); then the decoders' and encoders' own state
	// (Huffman tables, zlib windows, the thumbnail's bytes): under a
	// megabyte.
	crop := 4*edge*edge + 4*scaled*scaled + 32*out*scaled + fixedCost
	switch format {
	case "jpeg":
		if j, ok := readJPEGHeader(head); ok && j.agrees(cfg) {
			return j.cost(w, h) + crop
		}
		return worstPerPixel*px + crop
	case "png":
		per := pngBytesPerPixel(cfg.ColorModel)
		if pngInterlaced(head) {
			per *= 2 // each pass decoded into its own image, then merged
		}
		return per*px + crop
	case "gif":
		return px + crop // the first frame, one byte a pixel
	case "webp":
		if len(head) >= 16 && string(head[12:16]) == "VP8X" {
			// The extended format says neither lossy nor lossless up front,
			// and its alpha may be a lossless picture of its own.
			return 12*px + crop
		}
		if cfg.ColorModel == color.YCbCrModel {
			return px*3/2 + crop // lossy, 4:2:0
		}
		return 8*px + crop // lossless: its own ARGB words, then NRGBA
	}
	return worstPerPixel*px + crop
}

// worstPerPixel is a bound on what any supported decoder takes a pixel:
// a progressive CMYK JPEG without subsampling, its copy and the upright one.
const worstPerPixel = 32

// pngBytesPerPixel follows image/png; DecodeConfig stops before a tRNS
// chunk, with which grey decodes to NRGBA (NRGBA64 at 16 bits).
func pngBytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 4
	case color.Gray16Model, color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4
}

// pngInterlaced reads the interlace method from the IHDR chunk, which a
// PNG puts first.
func pngInterlaced(head []byte) bool {
	const at = 8 + 8 + 12 // signature, chunk length and type, then IHDR's 13th byte
	return len(head) > at && head[at] == 1
}

const fixedCost = 1 << 20

// jpegHeader is what of a JPEG's header decides what decoding it costs.
type jpegHeader struct {
	progressive   bool
	width, height int
	comps         [][2]int64 // each component's horizontal and vertical sampling
	jfif          bool
}

// readJPEGHeader walks the markers up to the frame header (SOF0, 1 or 2,
// the ones image/jpeg decodes) exactly as image/jpeg does: bytes between
// segments are skipped one at a time, "FF 00" is junk, fill bytes are
// skipped, restart markers have no length. Reading it another way would
// let a file show this estimate a header the decoder never uses.
func readJPEGHeader(b []byte) (jpegHeader, bool) {
	var j jpegHeader
	if len(b) < 2 || b[0] != 0xFF || b[1] != 0xD8 {
		return j, false
	}
	for i := 2; ; {
		if i+2 > len(b) {
			return j, false
		}
		t0, t1 := b[i], b[i+1]
		i += 2
		for t0 != 0xFF {
			if i >= len(b) {
				return j, false
			}
			t0, t1 = t1, b[i]
			i++
		}
		marker := t1
		if marker == 0x00 {
			continue
		}
		for marker == 0xFF {
			if i >= len(b) {
				return j, false
			}
			marker = b[i]
			i++
		}
		if marker == 0xD9 {
			return j, false // the end, before a frame
		}
		if marker >= 0xD0 && marker <= 0xD7 {
			continue
		}
		if i+2 > len(b) {
			return j, false
		}
		n := int(b[i])<<8 | int(b[i+1]) - 2
		i += 2
		if n < 0 {
			return j, false
		}
		switch {
		case marker == 0xE0 && n >= 5 && i+5 <= len(b) && string(b[i:i+5]) == "JFIF\x00":
			j.jfif = true
		case marker == 0xC0 || marker == 0xC1 || marker == 0xC2:
			if i+n > len(b) || n < 6 {
				return j, false
			}
			seg := b[i : i+n]
			nc := int(seg[5])
			if nc < 1 || nc > 4 || n != 6+3*nc {
				return j, false
			}
			j.progressive = marker == 0xC2
			j.height, j.width = int(seg[1])<<8|int(seg[2]), int(seg[3])<<8|int(seg[4])
			for c := range nc {
				hv := seg[6+3*c+1]
				j.comps = append(j.comps, [2]int64{max(int64(hv>>4), 1), max(int64(hv&15), 1)})
			}
			return j, true
		case marker >= 0xC3 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
			return j, false // a frame image/jpeg does not decode
		}
		i += n
	}
}

// agrees says the header read is the one DecodeConfig read: the same size
// and as many components as its colour model has.
func (j jpegHeader) agrees(cfg image.Config) bool {
	want := 3
	switch cfg.ColorModel {
	case color.GrayModel:
		want = 1
	case color.CMYKModel:
		want = 4
	}
	return j.width == cfg.Width && j.height == cfg.Height && len(j.comps) == want
}

// cost follows image/jpeg: planes allocated in whole MCUs, the
// coefficients of every block while progressive, and the second image
// made for CMYK, YCbCrK and RGB pictures; plus the upright NRGBA copy
// imaging.AutoOrientation makes of a picture whose EXIF says it is turned
// (counted always: the EXIF may come anywhere before the scan).
func (j jpegHeader) cost(w, h int64) int64 {
	hmax, vmax := int64(1), int64(1)
	for _, c := range j.comps {
		hmax, vmax = max(hmax, c[0]), max(vmax, c[1])
	}
	mxx := (w + 8*hmax - 1) / (8 * hmax) // MCUs across and down
	myy := (h + 8*vmax - 1) / (8 * vmax)
	var planes, blocks int64
	for _, c := range j.comps {
		b := mxx * c[0] * myy * c[1] // the component's 8×8 blocks
		planes += 64 * b
		blocks += b
	}
	total := planes + 4*w*h // the upright copy
	if j.progressive {
		total += 256 * blocks // [64]int32 per block
	}
	if len(j.comps) == 4 || (len(j.comps) == 3 && !j.jfif) {
		total += 4 * w * h // CMYK, or RGB converted from the planes
	}
	return total
}
