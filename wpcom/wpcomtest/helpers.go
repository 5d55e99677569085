package wpcomtest

import (
	"crypto/sha256"
	"encoding/hex"
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
