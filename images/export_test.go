package images

import (
	"image"
	"image/jpeg"
	"io"
	"net/netip"
)

// withPublic treats prefix as public on any port, as tests play a public
// origin on a loopback address.
func withPublic(o Options, prefix string) Options {
	o.Public = append(o.Public, netip.MustParsePrefix(prefix))
	return o
}

func jpegEncode(w io.Writer, m image.Image) error {
	return jpeg.Encode(w, m, &jpeg.Options{Quality: 90})
}
