package images

import (
	"encoding/binary"
	"image"
	"image/color"
)

// decodeCost is the memory turning a picture into a thumbnail takes at
// its peak, in bytes, from its header alone: what the standard decoders
// allocate for its format, size and colour model (a progressive JPEG keeps
// every DCT coefficient, 256 bytes per 8×8 block and component, until the
// end), the upright copy of a camera JPEG, the RGBA copy of the centred
// square that Thumbnail scales, and the scaler's own buffer for a
// thumbnail side pixels square. head is the start of the file;
// the header's fields are read from it (DecodeConfig does not tell
// progressive from baseline, nor the chroma sampling).
func decodeCost(head []byte, format string, cfg image.Config, side int) int64 {
	w, h := int64(cfg.Width), int64(cfg.Height)
	px := w * h
	edge := min(w, h)
	out := min(int64(side), edge)
	// Thumbnail's RGBA square, and x/image/draw's kernel scaler: four
	// float64s for every column of the thumbnail and row of its source,
	// at most eight times the side after the box filter.
	// Then the decoders' and encoders' own state (Huffman tables, zlib
	// windows, the thumbnail's bytes): under a megabyte.
	crop := 4*edge*edge + 32*out*min(edge, 8*out) + fixedCost
	switch format {
	case "jpeg":
		if j, ok := readJPEGHeader(head); ok {
			return j.cost(w, h) + crop
		}
		return 32*px + crop // a header we cannot read: the worst the decoder does
	case "png":
		per := pngBytesPerPixel(cfg.ColorModel)
		if pngInterlaced(head) {
			per *= 2 // each pass decoded into its own image, then merged
		}
		return per*px + crop
	case "gif":
		return px + crop // the first frame, one byte a pixel
	case "webp":
		switch cfg.ColorModel {
		case color.YCbCrModel:
			return px*3/2 + crop // lossy, 4:2:0
		case color.NYCbCrAModel:
			return px*5/2 + crop
		}
		return 8*px + crop // lossless: its own ARGB words, then NRGBA
	}
	return 32*px + crop
}

func pngBytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model:
		return 2
	case color.RGBA64Model, color.NRGBA64Model:
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
	progressive bool
	comps       [][2]int64 // each component's horizontal and vertical sampling
	exif, jfif  bool
}

// readJPEGHeader walks the markers up to the frame header (SOFn).
func readJPEGHeader(b []byte) (jpegHeader, bool) {
	var j jpegHeader
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return j, false
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			return j, false
		}
		marker := b[i+1]
		if marker == 0xFF { // fill bytes
			i++
			continue
		}
		if marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) {
			i += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		seg := b[i+4 : min(i+2+n, len(b))]
		switch {
		case marker == 0xE0 && len(seg) >= 5 && string(seg[:5]) == "JFIF\x00":
			j.jfif = true
		case marker == 0xE1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00":
			j.exif = true
		case marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
			j.progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE
			if len(seg) < 6 {
				return j, false
			}
			nc := int(seg[5])
			if nc < 1 || nc > 4 || len(seg) < 6+3*nc {
				return j, false
			}
			for c := range nc {
				hv := seg[6+3*c+1]
				j.comps = append(j.comps, [2]int64{max(int64(hv>>4), 1), max(int64(hv&15), 1)})
			}
			return j, true
		}
		i += 2 + n
	}
	return j, false
}

// cost follows image/jpeg: planes allocated in whole MCUs, the
// coefficients of every block while progressive, and the second image
// made for CMYK, YCbCrK and RGB pictures; plus the upright NRGBA copy
// when the picture carries EXIF (imaging.AutoOrientation).
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
	total := planes
	if j.progressive {
		total += 256 * blocks // [64]int32 per block
	}
	if len(j.comps) == 4 || (len(j.comps) == 3 && !j.jfif) {
		total += 4 * w * h // CMYK, or RGB converted from the planes
	}
	if j.exif {
		total += 4 * w * h
	}
	return total
}
