package widgets

import (
	"github.com/wpcom-widgets/service/clean"
	"github.com/wpcom-widgets/service/wpcom"
)

// postImage picks a liked post's picture the way the WordPress apps do:
// featured_image, then featured_media.uri when it is an image, then
// post_thumbnail.URL, then the first <img> in the content. Only http(s)
// URLs count; "" means none (render shows a placeholder).
func postImage(p wpcom.Post) string {
	if u := clean.URL(p.FeaturedImage); u != "" {
		return u
	}
	if m := p.FeaturedMedia; m != nil && m.Type == "image" {
		if u := clean.URL(m.URI); u != "" {
			return u
		}
	}
	if u := clean.URL(p.Thumbnail); u != "" {
		return u
	}
	return clean.FirstImage(p.Content)
}
