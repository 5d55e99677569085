package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/images"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/widgets"
)

// Thumbnails is what the image path asks of the image proxy
// (images.Proxy): the thumbnail of a picture, or why there is none.
type Thumbnails interface {
	// Get is the thumbnail of s, shown on a widget of the member owner.
	Get(ctx context.Context, s model.Picture, owner int64) (images.Image, error)
}

// Cache lifetimes of pictures: a thumbnail is named by its source, so it
// may be kept long; a placeholder only briefly, so a picture whose origin
// recovers shows up soon.
const (
	ccImage       = "public, max-age=604800, stale-while-revalidate=86400"
	ccPlaceholder = "public, max-age=300"
	ccBusy        = "public, max-age=10" // being made: there in a moment
	// imageCSP: an SVG opened on its own runs nothing.
	imageCSP = "default-src 'none'; frame-ancestors 'none'; sandbox"
)

var errNoImage = &publicError{http.StatusNotFound, "Not found", "This widget shows no such picture.", ccError}

// image serves /w/:file/i/:key: the thumbnail of one of the widget's own
// items' pictures, found by its key among the widget's cached items (the
// address to fetch is never taken from the request), or that item's
// monogram when the picture cannot be had.
func (s *embeds) image(c *gin.Context) {
	id, key := c.Param("file"), c.Param("key")
	if s.thumbnails == nil || !widgets.ValidID(id) || len(key) != model.PictureKeyLen {
		s.answer(c, errNoImage, asText)
		return
	}
	b, ok := s.bundle(c, id, errNoImage, asText)
	if !ok {
		return
	}
	pic, ok := b.Picture(key)
	if !ok {
		s.answer(c, errNoImage, asText)
		return
	}
	c.Header("Content-Security-Policy", imageCSP)
	c.Header("Cross-Origin-Resource-Policy", "cross-origin")
	img, err := s.thumbnails.Get(c.Request.Context(), pic.Picture, b.Drawing.AccountID)
	if err != nil {
		// Never broken: the placeholder the markup would have shown, for a
		// moment when the picture is still being made.
		cc := ccPlaceholder
		if errors.Is(err, images.ErrBusy) {
			cc = ccBusy
		}
		serve(c, http.StatusOK, render.NewOutput("image/svg+xml", pic.Monogram.SVG()), cc)
		return
	}
	serve(c, http.StatusOK, &render.Output{ContentType: img.ContentType, Body: img.Body, ETag: img.ETag}, ccImage)
	if s.imageServed != nil && c.Writer.Status() == http.StatusOK && c.Request.Method == http.MethodGet {
		s.imageServed(len(img.Body))
	}
}
