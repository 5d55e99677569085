package server

import (
	"net/http"
	"path"

	"github.com/gin-gonic/gin"
)

// The shared stylesheet and frame script (render.Assets) are named by a
// hash of their bytes, so a name always means the same bytes: browsers
// and edges keep them for a year without asking again. A name of another
// version (a frame rendered before a deploy, or by a replica not yet
// updated) gets today's file, kept only briefly: a widget never goes
// unstyled, and the old name never sticks to new bytes for long.
const (
	ccAsset      = "public, max-age=31536000, immutable"
	ccAssetOther = "public, max-age=60"
)

var crossOrigin = []string{"cross-origin"}

var errNoAsset = &publicError{http.StatusNotFound, "Not found", "There is no such file: widgets link their stylesheet and script themselves.", ccError}

// asset serves /w/assets/NAME.
func (s *embeds) asset(c *gin.Context) {
	name := c.Param("name")
	o, current := s.bundles.site.Assets.Asset(name)
	if o == nil {
		s.answer(c, errNoAsset, asEmbed(path.Ext(name)))
		return
	}
	cc := ccAsset
	if !current {
		cc = ccAssetOther
	}
	setCSP(c, strictCSP)
	// A host page that isolates itself (COEP require-corp) loads them too.
	// Prepared once: a sandboxed WordPress frame asks for both on every
	// view (docs/embedding.md).
	c.Writer.Header()["Cross-Origin-Resource-Policy"] = crossOrigin
	serve(c, http.StatusOK, o, cc)
}
