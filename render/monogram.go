package render

import (
	"fmt"
	"hash/fnv"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Monogram is the picture of an item without one, or whose picture fails
// to load: the first letter of its name on a colour derived from its host,
// as an inline SVG (no fetch, nothing to break). The colour is dark enough
// for white text (HSL lightness 32%: at least 4.5:1 for every hue, tested).
func Monogram(name, siteURL string) string {
	return "data:image/svg+xml," + url.PathEscape(MonogramSVG(name, siteURL))
}

// MonogramSVG is the monogram as an SVG document: what the image path
// serves in place of a picture that could not be fetched.
func MonogramSVG(name, siteURL string) string {
	letter := "?"
	for _, r := range strings.TrimSpace(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			letter = string(unicode.ToUpper(r))
			break
		}
	}
	if !utf8.ValidString(letter) {
		letter = "?"
	}
	host := siteURL
	if u, err := url.Parse(siteURL); err == nil && u.Host != "" {
		host = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	h := fnv.New32a()
	h.Write([]byte(host))
	hue := h.Sum32() % 360
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="hsl(%d,45%%,32%%)"/>`+
		`<text x="20" y="27" text-anchor="middle" font-family="system-ui,sans-serif" font-size="20" font-weight="600" fill="#fff">%s</text></svg>`,
		hue, xmlText(letter))
}

func xmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
