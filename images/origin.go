package images

import (
	"net/url"
	"strconv"
	"strings"
)

// Smaller asks the origin for the picture at side pixels where it can
// resize by URL, so the fetch is kilobytes, not the megabytes of a
// full-size featured image: Gravatar and blavatars take s=, WordPress.com's
// image CDN (i0.wp.com…) and its media hosts (*.files.wordpress.com,
// *.wordpress.com/…/files/) take resize=W,H, which crops to the square a
// widget shows. Anything else, or a URL that will not parse, is returned as
// it is (and resized here).
func Smaller(rawURL string, side int) string {
	u, err := url.Parse(rawURL)
	if err != nil || side <= 0 {
		return rawURL
	}
	host, n := strings.ToLower(u.Hostname()), strconv.Itoa(side)
	q := u.Query()
	switch {
	case host == "gravatar.com" || strings.HasSuffix(host, ".gravatar.com"):
		q.Del("size")
		q.Set("s", n)
	case strings.HasSuffix(host, ".wp.com") || strings.HasSuffix(host, ".files.wordpress.com") ||
		strings.HasSuffix(host, ".wordpress.com") && strings.Contains(u.Path, "/files/"):
		q.Del("w")
		q.Del("h")
		q.Del("fit")
		q.Set("resize", n+","+n)
	default:
		return rawURL
	}
	u.RawQuery = q.Encode()
	return u.String()
}
