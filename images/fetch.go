package images

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // the formats a widget may show: decoders for DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"

	"code.dny.dev/ssrf"
	_ "golang.org/x/image/webp"
)

// Why a fetch failed, for logs and metrics (Reason).
var (
	ErrURL       = errors.New("images: not an http(s) URL on port 80 or 443")
	ErrRefused   = errors.New("images: address refused")
	ErrRedirects = errors.New("images: too many redirects")
	ErrStatus    = errors.New("images: origin did not answer 200")
	ErrTooLarge  = errors.New("images: body over the size cap")
	ErrNotImage  = errors.New("images: not a JPEG, PNG, GIF or WebP")
	ErrPixels    = errors.New("images: more pixels, or more memory to decode, than allowed")
	ErrSlow      = errors.New("images: the origin stopped sending before the end")
	ErrFetch     = errors.New("images: fetch failed")
)

// Defaults for Options.
const (
	DefaultTimeout = 10 * time.Second
	// DefaultMaxDecode bounds the memory one picture may take to become a
	// thumbnail, estimated from its header (decodeCost): pixels alone do
	// not say it (a 16-bit PNG takes 8 bytes a pixel, a progressive JPEG
	// without chroma subsampling 15), with the rest of its body.
	DefaultMaxDecode       = DefaultMemory * 2 / 5 // Budget.PerPicture of the default: a 2000×1500 photo takes about 45 MB
	maxRedirects           = 3
	userAgent              = "wpcom-widgets-image-proxy (+https://github.com/wpcom-widgets/service)"
	maxBytes         int64 = 10 << 20   // a picture's body: 10 MiB
	maxPixels              = 50_000_000 // 50 megapixels: a 8000×6000 photo passes, a 50,000² bomb does not
)

// Options shape a Fetcher. The zero value is the production setting.
type Options struct {
	// AllowPrivate lets the fetcher reach loopback and private addresses
	// on any port: for tests and -demo only (WIDGETS_IMAGE_ALLOW_PRIVATE).
	AllowPrivate bool
	Timeout      time.Duration // the whole fetch, redirects included
	MaxDecode    int64         // bytes a decode may take (estimated from the header)

	// Public are addresses treated as public: tests set it to play a
	// public origin on one loopback address (127.0.0.2) while the rest of
	// loopback stays refused. It also lifts the port rule for every
	// address (test servers listen on any port). Never set from
	// configuration.
	Public []netip.Prefix
}

// Fetcher fetches pictures for the proxy. Safe for concurrent use.
type Fetcher struct {
	client    *http.Client
	opts      Options
	anyPort   bool
	maxDecode int64
}

// Picture is one fetched image: its bytes as the origin sent them, its
// format ("jpeg", "png", "gif", "webp") and its size from its header.
type Picture struct {
	Body          []byte
	Format        string
	Width, Height int
}

// NewFetcher makes a Fetcher. Its client never uses a proxy from the
// environment (one would dial for it, past the address check).
func NewFetcher(o Options) *Fetcher {
	f := &Fetcher{opts: o, maxDecode: o.MaxDecode}
	if f.maxDecode <= 0 {
		f.maxDecode = DefaultMaxDecode
	}
	if o.Timeout <= 0 {
		f.opts.Timeout = DefaultTimeout
	}
	var guard *ssrf.Guardian
	switch {
	case o.AllowPrivate:
		f.anyPort = true
		guard = ssrf.New(ssrf.WithAnyPort(),
			ssrf.WithAllowedV4Prefixes(netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8"),
				netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("192.168.0.0/16")),
			ssrf.WithAllowedV6Prefixes(netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("fc00::/7")))
	case len(o.Public) > 0:
		f.anyPort = true
		var v4, v6 []netip.Prefix
		for _, p := range o.Public {
			if p.Addr().Is4() {
				v4 = append(v4, p)
			} else {
				v6 = append(v6, p)
			}
		}
		guard = ssrf.New(ssrf.WithAnyPort(), ssrf.WithAllowedV4Prefixes(v4...), ssrf.WithAllowedV6Prefixes(v6...))
	default:
		// Public addresses on ports 80 and 443 only: loopback, private,
		// link-local (cloud metadata), CGNAT, multicast, unspecified and
		// the rest of IANA's special-purpose registries are refused.
		guard = ssrf.New()
	}
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: func(network, address string, c syscall.RawConn) error {
		// Cloud metadata is refused whatever else is allowed: allowing
		// private ranges (fc00::/7) would otherwise let AWS's IPv6
		// metadata address through.
		if ap, err := netip.ParseAddrPort(address); err == nil && metadata(ap.Addr()) {
			return ssrf.ErrProhibitedIP
		}
		return guard.Safe(network, address, c)
	}}
	f.client = &http.Client{
		Transport: &http.Transport{
			Proxy:                  nil,
			DialContext:            dialer.DialContext,
			TLSHandshakeTimeout:    5 * time.Second,
			ResponseHeaderTimeout:  5 * time.Second,
			MaxResponseHeaderBytes: 64 << 10, // an origin's headers are not ours to hold
			MaxIdleConnsPerHost:    4,
			MaxIdleConns:           64, // members choose the hosts: idle connections are bounded too
			IdleConnTimeout:        30 * time.Second,
		},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return ErrRedirects
			}
			return f.checkURL(req.URL) // the dialer checks the address again
		},
	}
	return f
}

// metadataPrefixes hold the cloud providers' instance metadata services:
// link-local IPv4 (AWS, GCP, Azure, …) and AWS's IPv6 address.
var metadataPrefixes = []netip.Prefix{netip.MustParsePrefix("169.254.0.0/16"), netip.MustParsePrefix("fd00:ec2::/32")}

func metadata(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range metadataPrefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// checkURL refuses what is not http(s) on the standard ports before any
// lookup; the dialer then refuses the address whatever the name said.
func (f *Fetcher) checkURL(u *url.URL) error {
	if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil {
		return ErrURL
	}
	if p := u.Port(); p != "" && !f.anyPort && !(u.Scheme == "http" && p == "80") && !(u.Scheme == "https" && p == "443") {
		return ErrURL
	}
	return nil
}

// headSize is how much of a body is read before its header is judged;
// a JPEG with a large EXIF or colour profile is read on to headMax.
const headSize, headMax = 64 << 10, 1 << 20

// anySide is the thumbnail side a fetch for no particular size is costed
// at: more than any widget asks for.
const anySide = 512

// fetch gets the picture at rawURL, an item's cleaned image URL from the
// service's own data (never a URL from a request), to be made side pixels
// square (0: any), within j's share of the budget (nil: none). Its head's
// bytes are reserved before they are read; after its first 64 KiB, what
// the rest of the body and decoding it will take (decodeCost) is checked
// against what one picture may take, so a picture too costly is refused
// before the rest is read, and reserved at once. The caller ends j.
func (f *Fetcher) fetch(ctx context.Context, rawURL string, side int, j *job) (Picture, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return Picture{}, ErrURL
	}
	if err := f.checkURL(u); err != nil {
		return Picture{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Picture{}, ErrURL
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "image/webp,image/png,image/jpeg,image/gif;q=0.9")
	resp, err := f.client.Do(req)
	if err != nil {
		return Picture{}, classify(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Picture{}, fmt.Errorf("%w (%d)", ErrStatus, resp.StatusCode)
	}
	if resp.ContentLength > maxBytes {
		return Picture{}, ErrTooLarge
	}
	body := &accounted{r: io.LimitReader(resp.Body, maxBytes+1), j: j, ctx: ctx, length: resp.ContentLength}
	// The header's size before any decoding: a few bytes can claim
	// billions of pixels.
	var cfg image.Config
	var format string
	for want := headSize; ; want *= 4 {
		if err := body.fill(want); err != nil {
			return Picture{}, err
		}
		// What the bytes are, not what the origin says they are.
		switch http.DetectContentType(body.buf) {
		case "image/jpeg", "image/png", "image/gif", "image/webp":
		default:
			return Picture{}, ErrNotImage
		}
		cfg, format, err = image.DecodeConfig(bytes.NewReader(body.buf))
		if err == nil {
			break
		}
		if body.eof || want >= headMax || !errors.Is(err, io.ErrUnexpectedEOF) {
			return Picture{}, ErrNotImage
		}
	}
	if side <= 0 {
		side = anySide
	}
	// Everything the picture will take, reserved at once while the job
	// holds no more than its head: the rest of the body (as long as the
	// origin says, else the cap) and the decode. Waiting for memory while
	// holding a body could leave several of one member's photos each
	// waiting for the others.
	cost := decodeCost(body.buf, format, cfg, side)
	rest := maxBytes + 1
	if body.length >= 0 {
		rest = body.length + 1
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxPixels/max(cfg.Height, 1) || cost+rest > f.maxDecode {
		return Picture{}, ErrPixels
	}
	if err := j.grow(ctx, cost+rest); err != nil {
		return Picture{}, err
	}
	body.reserved = true
	if err := body.fill(int(maxBytes) + 1); err != nil {
		return Picture{}, err
	}
	if int64(len(body.buf)) > maxBytes {
		return Picture{}, ErrTooLarge
	}
	return Picture{Body: body.buf, Format: format, Width: cfg.Width, Height: cfg.Height}, nil
}

// accounted reads a body into buf, reserving each buffer in the job's
// budget before making it (the length when the origin says it, else
// doubling from headSize) and giving the old one back once copied.
type accounted struct {
	r      io.Reader
	j      *job
	ctx    context.Context
	length int64 // -1: not said
	buf    []byte
	eof    bool
	// reserved: the whole body is reserved already (after the header);
	// buffers grow within it.
	reserved bool
}

// fill reads until buf holds n bytes or the body ends.
func (a *accounted) fill(n int) error {
	for len(a.buf) < n && !a.eof {
		if len(a.buf) == cap(a.buf) {
			size := max(2*cap(a.buf), headSize)
			if a.length >= 0 {
				size = int(a.length) + 1 // one more, to see the end
			}
			size = min(size, n)
			if a.reserved {
				a.buf = append(make([]byte, 0, size), a.buf...)
			} else {
				if err := a.j.grow(a.ctx, int64(size)); err != nil {
					return err
				}
				old := cap(a.buf)
				a.buf = append(make([]byte, 0, size), a.buf...)
				a.j.release(int64(old)) // the old buffer is garbage now
			}
		}
		m, err := a.r.Read(a.buf[len(a.buf):cap(a.buf)])
		a.buf = a.buf[:len(a.buf)+m]
		switch {
		case err == io.EOF:
			a.eof = true
		case err != nil:
			if a.ctx.Err() != nil {
				return ErrSlow // the origin began, then stalled
			}
			return classify(err)
		}
	}
	return nil
}

// Describe is err for a log: why, without the URL (a picture's path and
// query may carry a member's words or a token).
func Describe(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return Reason(err) + ": " + ue.Err.Error()
	}
	return err.Error()
}

// classify names a transport error by the sentinel it wraps.
func classify(err error) error {
	switch {
	case errors.Is(err, ssrf.ErrProhibitedIP), errors.Is(err, ssrf.ErrProhibitedPort), errors.Is(err, ssrf.ErrProhibitedNetwork):
		return ErrRefused
	case errors.Is(err, ErrRedirects):
		return ErrRedirects
	case errors.Is(err, ErrURL):
		return ErrURL
	}
	return fmt.Errorf("%w: %w", ErrFetch, err)
}

// reasons name each sentinel for metrics and logs.
var reasons = []struct {
	err  error
	name string
}{{ErrURL, "url"}, {ErrRefused, "refused"}, {ErrRedirects, "redirects"}, {ErrStatus, "status"},
	{ErrTooLarge, "too_large"}, {ErrNotImage, "not_image"}, {ErrPixels, "pixels"}, {ErrSlow, "slow"},
	{ErrBusy, "busy"}, {ErrFetch, "fetch"}}

// Reason is err's label for metrics and logs.
func Reason(err error) string {
	for _, r := range reasons {
		if errors.Is(err, r.err) {
			return r.name
		}
	}
	return "other"
}

// sentinel is the ErrXxx err wraps (ErrFetch for any other).
func sentinel(err error) error {
	for _, r := range reasons {
		if errors.Is(err, r.err) {
			return r.err
		}
	}
	return ErrFetch
}
