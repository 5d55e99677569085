package render

import (
	"encoding/json"
	"strings"

	"github.com/wpcom-widgets/service/model"
)

// Script is the one-line embed: JavaScript that renders the widget next to
// its own <script> tag in a Shadow DOM. The markup and stylesheet travel as
// JSON strings (json.Marshal escapes <, > and &, so nothing in them can
// close the script).
func (w Drawing) Script() *Output {
	id, _ := json.Marshal(w.ID)
	html, _ := json.Marshal(string(w.Fragment()))
	host := ":host{all:initial!important;display:block!important;contain:content}"
	if w.Theme == model.Page {
		// Text properties cross the shadow boundary from the page: keep
		// them (font, size, colour, direction), reset only the box.
		host = ":host{display:block!important;contain:content;margin:0!important;padding:0!important;border:0!important;background:transparent!important;text-align:start}"
	}
	css, _ := json.Marshal(host + w.Assets.css)
	js := strings.NewReplacer("__ID__", string(id), "__HTML__", string(html), "__CSS__", string(css)).Replace(w.Assets.loaderJS)
	return NewOutput("text/javascript; charset=utf-8", []byte(js))
}

// EmptyScript is what an unknown widget id gets: harmless, valid script.
var EmptyScript = NewOutput("text/javascript; charset=utf-8", []byte("/* widget not found */\n"))
