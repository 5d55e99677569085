package wpcomtest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// atoiOr reads an integer parameter the way PHP's (int) cast does for the
// cases that matter: junk gives def.
func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return def
	}
	return n
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}

// img returns an image URL as the simulator serves it: unchanged, or, with
// Options.ImageBase, moved to the simulator's own /images/ so that a demo
// without internet access still shows pictures. Non-http(s) URLs (the
// hostile ones) are never moved: they must reach the client as they are.
func (s *Simulator) img(u string) string {
	if u == "" || s.opts.ImageBase == "" || !(strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) {
		return u
	}
	return strings.TrimRight(s.opts.ImageBase, "/") + "/images/" + hash(u) + ".svg"
}

// imgSrc finds the sources of <img> tags in post content.
var imgSrc = regexp.MustCompile(`(<img[^>]*\ssrc=")(https?://[^"]+)(")`)

// imgsIn moves the pictures inside post content to ImageBase too.
func (s *Simulator) imgsIn(content string) string {
	if s.opts.ImageBase == "" {
		return content
	}
	return imgSrc.ReplaceAllStringFunc(content, func(m string) string {
		parts := imgSrc.FindStringSubmatch(m)
		return parts[1] + s.img(parts[2]) + parts[3]
	})
}

// image serves a small generated picture: a soft colour field with rings,
// its colours taken from the name so every site looks different.
func (s *Simulator) image(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSuffix(r.PathValue("name"), ".svg")
	if len(name) < 6 {
		http.NotFound(w, r)
		return
	}
	sum := sha256.Sum256([]byte(name))
	hue1, hue2 := int(sum[0])*360/256, int(sum[1])*360/256
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="200" height="200">`+
		`<rect width="200" height="200" fill="hsl(%d,45%%,62%%)"/>`+
		`<circle cx="%d" cy="%d" r="70" fill="hsl(%d,55%%,78%%)" opacity=".8"/>`+
		`<circle cx="%d" cy="%d" r="38" fill="hsl(%d,40%%,40%%)" opacity=".55"/></svg>`,
		hue1, 60+int(sum[2])%80, 60+int(sum[3])%80, hue2, 50+int(sum[4])%100, 50+int(sum[5])%100, hue1)
}
