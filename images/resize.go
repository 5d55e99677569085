package images

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"

	"github.com/disintegration/imaging"
	xdraw "golang.org/x/image/draw"
)

// Thumbnail is p cut to a centred square and scaled to side pixels (a
// widget shows pictures square, object-fit: cover, so nothing seen is
// lost), re-encoded without metadata: JPEG for opaque pictures, PNG for
// ones with transparency (icons). A picture smaller than side is not
// enlarged. p's pixels were counted from its header (Fetch) before this
// decodes it.
func Thumbnail(p Picture, side int) (body []byte, contentType string, err error) {
	// Decoded upright: a camera's JPEG may be stored sideways with an EXIF
	// orientation, which re-encoding without metadata would lose.
	src, err := imaging.Decode(bytes.NewReader(p.Body), imaging.AutoOrientation(true))
	if err != nil {
		return nil, "", fmt.Errorf("%w: %w", ErrNotImage, err)
	}
	b := src.Bounds()
	edge := min(b.Dx(), b.Dy())
	crop := image.Rect(0, 0, edge, edge).Add(b.Min).Add(image.Pt((b.Dx()-edge)/2, (b.Dy()-edge)/2))
	out := min(side, edge)
	if _, ok := src.(*image.RGBA); !ok {
		// The kernel scaler converts every tap of any other model to RGB
		// (half the time of a JPEG's miss went there, and a large paletted
		// PNG took seconds); convert the crop once, by image/draw's fast
		// paths, and scale RGBA instead. decodeCost counts this copy.
		rgba := image.NewRGBA(image.Rect(0, 0, edge, edge))
		draw.Draw(rgba, rgba.Bounds(), src, crop.Min, draw.Src)
		src, crop = rgba, rgba.Bounds()
	}
	if rgba, ok := src.(*image.RGBA); ok {
		if k := crop.Dx() / (4 * out); k >= 2 {
			// A box filter down to about four times the size first: one
			// pass over the pixels, after which Catmull-Rom has a sixteenth
			// of the work for the same result.
			src, crop = shrink(rgba, crop, k), image.Rect(0, 0, crop.Dx()/k, crop.Dy()/k)
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, out, out))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, crop, draw.Src, nil)
	var buf bytes.Buffer
	if opaque(dst) {
		err = jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 80})
		contentType = "image/jpeg"
	} else {
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, dst)
		contentType = "image/png"
	}
	if err != nil {
		return nil, "", err
	}
	return buf.Bytes(), contentType, nil
}

// shrink averages each k×k block of r inside m (a box filter).
func shrink(m *image.RGBA, r image.Rectangle, k int) *image.RGBA {
	w, h := r.Dx()/k, r.Dy()/k
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	sums := make([]uint32, 4*w)
	n := uint32(k * k)
	for y := range h {
		clear(sums)
		for dy := range k {
			row := m.Pix[m.PixOffset(r.Min.X, r.Min.Y+y*k+dy):]
			for x := range w {
				px := row[4*x*k : 4*(x+1)*k]
				for i := 0; i < len(px); i += 4 {
					sums[4*x] += uint32(px[i])
					sums[4*x+1] += uint32(px[i+1])
					sums[4*x+2] += uint32(px[i+2])
					sums[4*x+3] += uint32(px[i+3])
				}
			}
		}
		o := out.Pix[y*out.Stride:]
		for i, v := range sums {
			o[i] = uint8((v + n/2) / n)
		}
	}
	return out
}

// opaque reports whether every pixel of m is fully opaque.
func opaque(m *image.RGBA) bool {
	for i := 3; i < len(m.Pix); i += 4 {
		if m.Pix[i] != 0xff {
			return false
		}
	}
	return true
}
