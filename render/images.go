package render

import (
	"strings"

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
func (w Drawing) imageSrc(src string) string {
	switch {
	case src == "":
		return ""
	case w.ProxyImages:
		return w.PageURL() + "/i/" + model.PictureKey(src, ImageSide(w.Widget))
	case strings.HasPrefix(src, "https://"):
		return src
	}
	return ""
}

// Picture is one picture a widget shows through the image path: where to
// fetch it, at what size, and the placeholder to show instead.
type Picture struct {
	model.Picture
	// Monogram is what the image path serves when the picture cannot be
	// fetched (Monogram.SVG), made then: failures are rare, and every
	// cached widget would otherwise keep an SVG per picture.
	Monogram Monogram
}

// Pictures are the widget's pictures by their key in the image path, made
// with the rest of the bundle: the server finds a request's key here, so
// the URL to fetch always comes from the widget's own items, never from
// the request, and the lookup costs no hashing. The JSON Feed names them
// too, so they are all here whether the markup shows pictures or not.
func (w Drawing) Pictures() map[string]Picture {
	if !w.ProxyImages {
		return nil
	}
	side := ImageSide(w.Widget)
	m := make(map[string]Picture, len(w.Items))
	for _, it := range w.Items {
		if it.Image == "" {
			continue
		}
		src := model.NewPicture(it.Image, side)
		m[src.Key] = Picture{Picture: src, Monogram: MonogramOf(it.SiteName, it.SiteURL)}
	}
	return m
}

// Shown are the pictures the widget's markup loads from the image path,
// each once, in the order of its items (the top of a grid first): what
// the image proxy makes ahead of the first visitor after the lists are
// fetched. None when pictures link to their origins or the widget shows
// none (its feed's readers are few, and fetch for themselves).
func (w Drawing) Shown() []model.Picture {
	if !w.ProxyImages || !w.Display.ShowImages {
		return nil
	}
	side := ImageSide(w.Widget)
	out := make([]model.Picture, 0, len(w.Items))
	seen := make(map[string]bool, len(w.Items))
	for _, it := range w.Items {
		if it.Image == "" {
			continue
		}
		if p := model.NewPicture(it.Image, side); !seen[p.Key] {
			seen[p.Key] = true
			out = append(out, p)
		}
	}
	return out
}
