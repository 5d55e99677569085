package clean

import (
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/wpcom-widgets/service/wpcom"
)

// PostImage picks a liked post's picture the way the WordPress apps do:
// featured_image, then featured_media.uri when it is an image, then
// post_thumbnail.URL, then the first <img> in the content. Only http(s)
// URLs count; "" means none (render shows a placeholder).
func PostImage(p wpcom.Post) string {
	if u := URL(p.FeaturedImage); u != "" {
		return u
	}
	if m := p.FeaturedMedia; m != nil && m.Type == "image" {
		if u := URL(m.URI); u != "" {
			return u
		}
	}
	if u := URL(p.Thumbnail); u != "" {
		return u
	}
	return FirstImage(p.Content)
}

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
