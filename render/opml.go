package render

import (
	"encoding/xml"
	"strings"
	"time"
)

type opml struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    struct {
		Title       string `xml:"title"`
		DateCreated string `xml:"dateCreated,omitempty"`
		Docs        string `xml:"docs"`
	} `xml:"head"`
	Body struct {
		Outlines []outline `xml:"outline"`
	} `xml:"body"`
}

type outline struct {
	Type        string `xml:"type,attr"`
	Text        string `xml:"text,attr"`
	Title       string `xml:"title,attr"`
	XMLURL      string `xml:"xmlUrl,attr"`
	HTMLURL     string `xml:"htmlUrl,attr,omitempty"`
	Description string `xml:"description,attr,omitempty"`
}

// OPML is a following widget's blogroll as OPML 2.0: every blog its
// member follows, not only those it shows (View.All); nil for liked
// widgets, which have no blogroll.
func (w Drawing) OPML(created time.Time) *Output {
	if w.Liked() {
		return nil
	}
	var o opml
	o.Version = "2.0"
	o.Head.Title = w.ShownTitle()
	o.Head.Docs = "http://opml.org/spec2.opml"
	if !created.IsZero() {
		o.Head.DateCreated = created.UTC().Format(time.RFC1123Z)
	}
	o.Body.Outlines = []outline{}
	// Filtered here, once per rendering, not on every request's view.
	blogs := w.Blogroll(w.All)
	if w.All == nil { // drawn without its lists (a preview): what it shows
		blogs = w.Items
	}
	for _, it := range blogs {
		feed := it.FeedURL
		if feed == "" && it.URL != "" { // WordPress sites publish their feed here
			feed = strings.TrimRight(it.URL, "/") + "/feed/"
		}
		if feed == "" {
			continue // xmlUrl is required
		}
		html := it.URL
		if html == feed {
			html = ""
		}
		o.Body.Outlines = append(o.Body.Outlines, outline{Type: "rss", Text: it.Title, Title: it.Title,
			XMLURL: feed, HTMLURL: html, Description: it.Summary})
	}
	b, _ := xml.MarshalIndent(o, "", "  ")
	return NewOutput("text/x-opml; charset=utf-8", append([]byte(xml.Header), append(b, '\n')...))
}
