package render

import (
	"encoding/json"
	"strings"
)

// Script is the one-line embed: JavaScript that renders the widget next to
// its own <script> tag in a Shadow DOM. The markup and stylesheet travel as
// JSON strings (json.Marshal escapes <, > and &, so nothing in them can
// close the script).
func (w Widget) Script() *Output {
	id, _ := json.Marshal(w.ID)
	html, _ := json.Marshal(string(w.Fragment()))
	css, _ := json.Marshal(":host{all:initial!important;display:block!important;contain:content}" + w.Assets.css)
	js := strings.NewReplacer("__ID__", string(id), "__HTML__", string(html), "__CSS__", string(css)).Replace(w.Assets.loaderJS)
	return NewOutput("text/javascript; charset=utf-8", []byte(js))
}

// EmptyScript is what an unknown widget id gets: harmless, valid script.
var EmptyScript = NewOutput("text/javascript; charset=utf-8", []byte("/* widget not found */\n"))
