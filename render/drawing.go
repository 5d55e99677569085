package render

import (
	"bytes"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/wpcom-widgets/service/lang"
	"github.com/wpcom-widgets/service/model"
)

// Site is what every drawing on this service shares: its public address,
// the parsed templates and scripts, and where pictures come from.
type Site struct {
	BaseURL string // the service's public URL, no trailing slash
	// Assets are the parsed templates and scripts (Load).
	Assets *Assets
	// ProxyImages points pictures at the service's own image path
	// (images.go); without it they link to their origins, https only.
	ProxyImages bool
}

// FrameCSP is the Content-Security-Policy of the site's frames.
func (s Site) FrameCSP() string {
	return s.Assets.FrameCSP(s.BaseURL, s.ProxyImages)
}

// Drawing is one view of a widget (model.View: its settings and items)
// drawn on the site: every output is a method of it.
type Drawing struct {
	model.View
	Site
	// GoToken, when set, goes into the frame's redirect links (the /go
	// address a WordPress frame asks its host to open): proof the click
	// came from a frame we served lately, not a link someone kept.
	GoToken string
}

// PageURL is the widget's framed document: what owners paste into WordPress.
func (w Drawing) PageURL() string { return w.BaseURL + "/w/" + w.ID }

type item struct {
	Title, Href, Image, Label, SiteName, SiteHref string
	Summary                                       string // shown with Display.ShowExcerpts
	Date, DateISO                                 string // a liked post's date, shown with Display.ShowMeta
	// Mono is the item's monogram: drawn in place of its picture when it
	// has none, and by the widget's script in place of one that fails.
	Mono Monogram
	// Pic and Side are the picture's class and size in this layout.
	Pic  string
	Side int
}

// page is what the fragment template is given: the settings (with Liked
// and Grid, so the template names no kind or layout) and the items.
type page struct {
	model.Widget
	Items []item
	// Target is where links open: the top page, or a new tab.
	Target string
	// Style holds the owner's maximum width, if any.
	Style template.CSS
	// Msg is the widget's own words, in its language.
	Msg lang.Messages
}

func (w Drawing) page() page {
	p := page{Widget: w.Widget, Target: "_top", Msg: lang.For(w.Lang)}
	p.Title = w.ShownTitle()
	if w.Display.NewTab {
		p.Target = "_blank"
	}
	if w.Display.MaxWidth > 0 {
		p.Style = template.CSS("max-width:" + strconv.Itoa(w.Display.MaxWidth) + "px")
	}
	pic, side := "wpfl__icon", 32 // a blog's icon
	switch {
	case w.Grid():
		pic, side = "wpfl__image", 96
	case w.Liked():
		pic, side = "wpfl__thumb", 40
	}
	for _, it := range w.Items {
		v := item{Title: it.Title, Href: it.URL, Image: w.imageSrc(it.Image), SiteName: it.SiteName, SiteHref: it.SiteURL, Label: it.Title,
			Summary: it.Summary, Mono: MonogramOf(it.SiteName, it.SiteURL), Pic: pic, Side: side}
		if !it.Posted.IsZero() {
			v.Date, v.DateISO = p.Msg.Date(it.Posted), it.Posted.Format("2006-01-02")
		}
		if w.Liked() && it.SiteName != "" {
			v.Label = it.Title + " " + p.Msg.On + " " + it.SiteName
		}
		p.Items = append(p.Items, v)
	}
	return p
}

// Fragment is the widget's markup, for the frame and the script embed.
func (w Drawing) Fragment() []byte {
	var buf bytes.Buffer
	if err := w.Assets.fragment.Execute(&buf, w.page()); err != nil {
		panic("render: fragment: " + err.Error()) // the template is fixed and its data plain
	}
	return buf.Bytes()
}

// HTML is the widget's markup alone, for pages that include it on their
// server (PHP, nginx SSI, a static site generator): no document, no
// script, no styles; the page's own, or the widget's stylesheet (Assets.
// Stylesheet) if it links it.
func (w Drawing) HTML() *Output { return NewOutput("text/html; charset=utf-8", w.Fragment()) }

// Frame is the standalone document for iframes and WordPress's oEmbed. It
// declares no color-scheme: a frame whose scheme differs from the iframe
// element's (pages rarely declare one) gets an opaque canvas, the box dark
// frames used to paint on every page. Its colours are drawn by its theme,
// on a transparent background.
func (w Drawing) Frame() *Output {
	page := w.PageURL()
	q := func(format string) string {
		return w.BaseURL + "/oembed?" + url.Values{"url": {page}, "format": {format}}.Encode()
	}
	data := map[string]any{
		"ID": w.ID, "Title": w.ShownTitle(), "Lang": lang.For(w.Lang).Tag, "Dir": lang.For(w.Lang).Dir,
		"OEmbedJSON": q("json"), "OEmbedXML": q("xml"), "FeedURL": page + ".json", "AtomURL": page + ".atom", "RSSURL": page + ".rss",
		"Stylesheet": w.BaseURL + w.Assets.StylesheetPath,
		"Look":       lookCSS(w.Widget),
		"Fragment":   template.HTML(w.Fragment()),
		"Script":     w.BaseURL + w.Assets.FrameScriptPath,
		"GoURL":      w.goURL(),
		"Dark":       frameScheme(w.Widget) == "dark",
	}
	if !w.Liked() {
		data["OPMLURL"] = page + ".opml"
	}
	var buf bytes.Buffer
	if err := w.Assets.frame.Execute(&buf, data); err != nil {
		panic("render: frame: " + err.Error())
	}
	return NewOutput("text/html; charset=utf-8", buf.Bytes())
}

// goURL is the redirect address item URLs are appended to.
func (w Drawing) goURL() string {
	if w.GoToken == "" {
		return w.PageURL() + "/go?url="
	}
	return w.PageURL() + "/go?" + url.Values{"t": {w.GoToken}}.Encode() + "&url="
}

// Links are the URLs a widget's redirect may send visitors to: its items'
// and their sites'. Anything else is refused, so the redirect is not open.
func (w Drawing) Links() map[string]bool {
	m := make(map[string]bool, 2*len(w.Items))
	for _, it := range w.Items {
		for _, u := range []string{it.URL, it.SiteURL} {
			if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
				m[u] = true
			}
		}
	}
	return m
}
