package widgets

import (
	"testing"

	"github.com/wpcom-widgets/service/wpcom"
)

func TestPostImageOrder(t *testing.T) {
	img := func(u string) *wpcom.Media { return &wpcom.Media{URI: u, Type: "image"} }
	tests := []struct {
		name string
		p    wpcom.Post
		want string
	}{
		{"featured_image first", wpcom.Post{FeaturedImage: "https://a/1.jpg", FeaturedMedia: img("https://a/2.jpg"), Thumbnail: "https://a/3.jpg"}, "https://a/1.jpg"},
		{"then featured_media", wpcom.Post{FeaturedMedia: img("https://a/2.jpg"), Thumbnail: "https://a/3.jpg"}, "https://a/2.jpg"},
		{"video media skipped", wpcom.Post{FeaturedMedia: &wpcom.Media{URI: "https://v/1", Type: "video"}, Thumbnail: "https://a/3.jpg"}, "https://a/3.jpg"},
		{"then the thumbnail", wpcom.Post{Thumbnail: "https://a/3.jpg", Content: `<img src="https://a/4.jpg">`}, "https://a/3.jpg"},
		{"then the content", wpcom.Post{Content: `<p>x</p><img src="javascript:alert(1)"><figure><img src="https://a/4.jpg"></figure>`}, "https://a/4.jpg"},
		{"hostile everywhere", wpcom.Post{FeaturedImage: "javascript:alert('image')", FeaturedMedia: img("data:image/svg+xml,x"),
			Content: `<img src="javascript:alert(3)">`}, ""},
		{"none", wpcom.Post{}, ""},
	}
	for _, tt := range tests {
		if got := postImage(tt.p); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
