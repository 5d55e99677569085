package render

import (
	"strings"

	"github.com/wpcom-widgets/service/images"
	"github.com/wpcom-widgets/service/model"
)

// ImageSide is the side, in pixels, of the square thumbnails a widget
// shows: twice the displayed size (a grid cell 96, a liked post's picture
// 40, a blog's icon 32), sharp on high-density screens.
func ImageSide(w model.Widget) int {
	switch {
	case w.Grid():
		return 192
	case w.Liked():
		return 80
	}
	return 64
}

// imageSrc is where a widget's markup loads an item's picture from: the
// service's own image path when it proxies images (so the visitor's
// browser talks to nobody else), the origin itself otherwise, and only
// over https (an http picture would be mixed content on most blogs). ""
// shows the placeholder.
func (w Widget) imageSrc(src string) string {
	switch {
	case src == "":
		return ""
	case w.ProxyImages:
		return w.PageURL() + "/i/" + images.Key(src, ImageSide(w.Widget))
	case strings.HasPrefix(src, "https://"):
		return src
	}
	return ""
}

// ImageItem finds the item of items whose picture key names, for the image
// path: the URL to fetch always comes from the widget's own items, never
// from the request.
func ImageItem(w model.Widget, items []model.Item, key string) (model.Item, bool) {
	side := ImageSide(w)
	for _, it := range items {
		if it.Image != "" && images.Key(it.Image, side) == key {
			return it, true
		}
	}
	return model.Item{}, false
}
