package render

import (
	"html/template"

	"github.com/wpcom-widgets/service/colour"
	"github.com/wpcom-widgets/service/model"
)

// lookCSS draws a frame that matches the page in the owner's site look
// (model.Look): text colour and font on the body, link, muted and line
// colours worked out for the site's background as the script embed does
// in the browser. Empty for other themes and for a look left at its
// defaults (the stylesheet's own light colours). The iframe snippet's
// script may still replace it with the page's real look.
func lookCSS(w model.Widget) template.CSS {
	l := w.Look
	if w.Theme != model.Page || l == (model.Look{}) {
		return ""
	}
	fg, ok1 := colour.Parse(l.TextColour())
	link, ok2 := colour.Parse(l.LinkColour())
	bg, _ := colour.Parse(l.Background())
	if !ok1 || !ok2 { // not from ParseForm: keep the defaults
		return ""
	}
	// Every value is a hex colour or a checked font list (no brackets,
	// semicolons or backslashes, quotes in pairs): nothing here can leave
	// its declaration.
	return template.CSS("html.wpfl-frame body{color:" + fg.Hex() + ";font-family:" + l.FontStack() + "}" +
		"html.wpfl-frame .wpfl--page{--wpfl-link:" + link.Hex() + ";--wpfl-focus:" + link.Hex() +
		";--wpfl-muted:" + colour.Muted(fg, bg).Hex() + ";--wpfl-line:" + colour.Mix(fg, bg, 0.2).Hex() + "}")
}
