package clean

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// FirstImage is the src of the first <img> in an HTML snippet whose source
// is http(s), or "".
func FirstImage(content string) string {
	if !strings.Contains(content, "<img") {
		return ""
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(content))
	if err != nil {
		return ""
	}
	found := ""
	doc.Find("img[src]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		src, _ := s.Attr("src")
		found = URL(src)
		return found == ""
	})
	return found
}
