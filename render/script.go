package render

import (
	"encoding/json"
	"strings"
)

// Script is the one-line embed: JavaScript that renders the widget next to
// its own <script> tag in a Shadow DOM. The markup travels as a string;
// the stylesheet is the shared one, linked (Assets.StylesheetPath).
func (w Drawing) Script() *Output {
	js := strings.NewReplacer("__ID__", jsString(w.ID), "__HTML__", jsString(string(w.Fragment())),
		"__CSS__", jsString(w.BaseURL+w.Assets.StylesheetPath)).Replace(w.Assets.loaderJS)
	return NewOutput("text/javascript; charset=utf-8", []byte(js))
}

// jsString is s as a JavaScript string literal. The script embed is a
// file of its own, never inlined in a page, so <, > and & stay as they
// are (a third of its bytes were \u003c and \u003e); U+2028 and U+2029,
// line ends to older JavaScript, are escaped all the same.
func jsString(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// EmptyScript is what an unknown widget id gets: harmless, valid script.
var EmptyScript = NewOutput("text/javascript; charset=utf-8", []byte("/* widget not found */\n"))
