package render

import (
	"encoding/json"
	"encoding/xml"
	"html/template"
	"strconv"
	"strings"
)

// ProviderName is the oEmbed provider_name; WordPress's Embed block derives
// a CSS class from it, so it must not change.
const ProviderName = "Follow & Like widgets"

// Sizes of the oEmbed frame. WordPress clamps heights to 200..1000.
const (
	DefaultWidth = 320
	maxWidth     = 600
	minHeight    = 200
	maxHeight    = 1000
)

// OEmbedSize fits the frame to the items and to maxwidth/maxheight (0 =
// not given).
func (w Drawing) OEmbedSize(maxW, maxH int) (int, int) {
	width := DefaultWidth
	if maxW > 0 {
		width = min(maxW, maxWidth) // wide enough for a post, never wider than asked
	}
	h := min(max(EstimateHeight(w.Widget, w.Items, 0, width), minHeight), maxHeight)
	if maxH > 0 {
		h = min(h, maxH)
	}
	return width, h
}

type oembed struct {
	XMLName      xml.Name `json:"-" xml:"oembed"`
	Version      string   `json:"version" xml:"version"`
	Type         string   `json:"type" xml:"type"`
	ProviderName string   `json:"provider_name" xml:"provider_name"`
	ProviderURL  string   `json:"provider_url" xml:"provider_url"`
	Title        string   `json:"title" xml:"title"`
	Width        int      `json:"width" xml:"width"`
	Height       int      `json:"height" xml:"height"`
	HTML         string   `json:"html" xml:"html"`
	CacheAge     int      `json:"cache_age" xml:"cache_age"`
}

// OEmbedHTML is what WordPress keeps after its filtering: exactly one
// blockquote with one link (the no-JS fallback, shown until the frame
// reports its height), then one iframe with only the attributes WordPress
// allows. No "#" in src: WordPress appends #?secret=.
func (w Drawing) OEmbedHTML(width, height int) string {
	page := template.HTMLEscapeString(w.PageURL())
	title := template.HTMLEscapeString(w.ShownTitle())
	var b strings.Builder
	b.WriteString(`<blockquote><a href="` + page + `">` + title + `</a></blockquote>`)
	b.WriteString(`<iframe src="` + page + `" width="` + strconv.Itoa(width) + `" height="` + strconv.Itoa(height) +
		`" title="` + title + `" frameborder="0" scrolling="no"></iframe>`)
	return b.String()
}

// OEmbed answers /oembed for this widget in "json" or "xml".
func (w Drawing) OEmbed(format string, maxW, maxH int) *Output {
	width, height := w.OEmbedSize(maxW, maxH)
	// A height reckoned from a list still coming in is kept a minute, not
	// an hour: consumers keep the frame at the height they were told.
	age := 3600
	if !w.State.Whole() {
		age = 60
	}
	o := oembed{Version: "1.0", Type: "rich", ProviderName: ProviderName, ProviderURL: w.BaseURL + "/",
		Title: w.ShownTitle(), Width: width, Height: height, HTML: w.OEmbedHTML(width, height), CacheAge: age}
	if format == "xml" {
		b, _ := xml.Marshal(o)
		return NewOutput("text/xml; charset=utf-8", append([]byte(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>`+"\n"), b...))
	}
	b, _ := json.Marshal(o)
	return NewOutput("application/json; charset=utf-8", b)
}
