package images

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"

	xdraw "golang.org/x/image/draw"
)

// Thumbnail is p cut to a centred square and scaled to side pixels (a
// widget shows pictures square, object-fit: cover, so nothing seen is
// lost), re-encoded without metadata: JPEG for opaque pictures, PNG for
// ones with transparency (icons). A picture smaller than side is not
// enlarged. p's pixels were counted from its header (Fetch) before this
// decodes it.
func Thumbnail(p Picture, side int) (body []byte, contentType string, err error) {
	src, _, err := image.Decode(bytes.NewReader(p.Body))
	if err != nil {
		return nil, "", fmt.Errorf("%w: %w", ErrNotImage, err)
	}
	b := src.Bounds()
	edge := min(b.Dx(), b.Dy())
	crop := image.Rect(0, 0, edge, edge).Add(b.Min).Add(image.Pt((b.Dx()-edge)/2, (b.Dy()-edge)/2))
	out := min(side, edge)
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

// opaque reports whether every pixel of m is fully opaque.
func opaque(m *image.RGBA) bool {
	for i := 3; i < len(m.Pix); i += 4 {
		if m.Pix[i] != 0xff {
			return false
		}
	}
	return true
}
