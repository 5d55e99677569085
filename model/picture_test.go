package model_test

import (
	"regexp"
	"testing"

	"github.com/wpcom-widgets/service/model"
)

// A picture's key is the same wherever it is made (the markup, the
// server's lookup, the proxy's cache), differs by size and address, and
// fits the image path.
func TestPictureKey(t *testing.T) {
	a := model.NewPicture("https://example.com/a.jpg", 64)
	if a != model.NewPicture("https://example.com/a.jpg", 64) || a.Key != model.PictureKey(a.URL, a.Side) {
		t.Error("the same picture has two keys")
	}
	if a.Key == model.PictureKey(a.URL, 80) || a.Key == model.PictureKey("https://example.com/b.jpg", 64) {
		t.Error("another size or address has the same key")
	}
	if !regexp.MustCompile(`^[a-z2-7]+$`).MatchString(a.Key) || len(a.Key) != model.PictureKeyLen {
		t.Errorf("key %q does not fit the image path", a.Key)
	}
}
