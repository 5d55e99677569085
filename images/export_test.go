package images

import (
	"image"
	"image/jpeg"
	"io"
	"net/netip"

	"github.com/wpcom-widgets/service/model"
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

// kept reports whether a thumbnail of s is kept in any tier (for tests:
// nothing of a failure may be stored).
func (p *Proxy) kept(s model.Picture) bool {
	key := s.Key
	if p.memory.has(key) {
		return true
	}
	if p.disk != nil {
		_, ok := p.disk.Get(key)
		return ok
	}
	return false
}
