package render

import (
	"html"
	"net/url"
	"strconv"
	"strings"

	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/templates"
)

// Snippet is one way to put a widget on a site, as the owner copies it.
type Snippet struct {
	Key   string // stable, for element ids: "url", "script", "iframe", "json", "opml"
	Label string
	Help  string
	Text  string
	// Needs is what the place it is pasted must allow, in one sentence.
	Needs string
}

// Origin is baseURL as a browser names its origin in a message event:
// scheme and host in lower case, no default port, no path. A resizer
// comparing against the URL as configured ("https://Widgets.example:443")
// would never match.
func Origin(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil {
		return baseURL
	}
	scheme, host := strings.ToLower(u.Scheme), strings.ToLower(u.Hostname())
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if p := u.Port(); p != "" && !(scheme == "https" && p == "443") && !(scheme == "http" && p == "80") {
		host += ":" + p
	}
	return scheme + "://" + host
}

// frameScheme is the color-scheme a widget's frame declares: dark for the
// dark theme, and with the site's colours when its owner said the site is
// dark; else none ("normal"). An iframe element inherits its page's
// scheme, and Chromium paints an opaque box behind a frame whose scheme
// differs from its element's: the snippet sets the element's to the
// frame's, and on a dark WordPress site, which declares dark, a dark
// widget's frame then paints none.
func frameScheme(w model.Widget) string {
	if w.Theme == model.Dark || w.Theme == model.Page && w.Look.Dark {
		return "dark"
	}
	return "normal"
}

// FrameDark says the widget's frame declares a dark colour scheme.
func FrameDark(w model.Widget) bool { return frameScheme(w) == "dark" }

// resizerJS is the iframe snippet's companion (templates/embed/resizer.js).
var resizerJS = templates.InlineScript("resizer.js")

// Snippets lists every way to embed a widget, the most widely usable first:
// the URL works for every WordPress user (oEmbed), a script or iframe only
// where the owner may paste HTML (single-site administrators and editors).
func Snippets(baseURL string, w model.Widget) []Snippet {
	page := baseURL + "/w/" + w.ID
	t := html.EscapeString(w.ShownTitle())
	// The iframe grows to fit, like the script embed: the frame posts its
	// height, and a few lines after it take it, only from that frame and
	// our origin. Without scripts, its height attribute is an estimate.
	height := strconv.Itoa(max(EstimateHeight(w, nil, w.Count, 300), 60))
	resizer := "<script>" + strings.ReplaceAll(resizerJS, "ORIGIN", strconv.Quote(Origin(baseURL))) + "</script>"
	out := []Snippet{
		{"url", "Link for WordPress", "Paste it on its own line in the block editor, or into an Embed block or a Text widget in a sidebar. WordPress turns it into the widget.", page,
			"Needs nothing but WordPress (or another site that reads oEmbed links): no HTML, no scripts."},
		{"script", "Script tag", "For any HTML page, or WordPress's Custom HTML widget if you may add scripts. It takes your page's colours and font.",
			`<script async src="` + page + `.js"></script><noscript><a href="` + page + `">` + t + `</a></noscript>`,
			"Needs a page that runs scripts from other sites; where scripts are stripped, it shows a link."},
		{"iframe", "Iframe", "For pages that allow frames. With its script it grows and shrinks to fit and takes your page's colours.",
			`<iframe src="` + page + `" title="` + t + `" width="100%" height="` + height + `" style="border:0;max-width:100%;color-scheme:` + frameScheme(w) + `" loading="lazy"></iframe>` + resizer,
			"Needs a page that allows frames. Where its script is stripped, it keeps the height written in it and scrolls inside when the list is longer."},
		{"rss", "RSS feed", "For WordPress's RSS block and any feed reader: paste this address.", page + ".rss",
			"Needs a feed reader; WordPress's RSS block takes it as it is."},
		{"atom", "Atom feed", "For feed readers that prefer Atom.", page + ".atom",
			"Needs a feed reader."},
		{"json", "JSON Feed", "For your own code (CORS allowed), and readers that take JSON Feed.", page + ".json",
			"Needs a reader or code that reads JSON Feed."},
		{"html", "HTML for your server", "For pages your server puts together (PHP, nginx SSI, a static site generator): include the markup at this address. Your theme styles it, or link " + page + ".css.", page + ".html",
			"Needs a server that fetches it and puts it in the page: no script and no frame reach the visitor."},
	}
	if w.Kind == model.Following {
		out = append(out, Snippet{"opml", "OPML blogroll", "Import the blogs you follow into a feed reader.", page + ".opml",
			"Needs a feed reader that imports OPML."})
	}
	return out
}
