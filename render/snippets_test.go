package render

import (
	"strings"
	"testing"

	"github.com/wpcom-widgets/service/model"
)

func TestSnippets(t *testing.T) {
	w := model.Defaults(model.Following)
	w.ID, w.Title = "abc", `Blogs "I" <Follow>`
	got := Snippets("https://w.example", w)
	keys := []string{}
	for _, s := range got {
		keys = append(keys, s.Key)
	}
	if strings.Join(keys, ",") != "url,script,iframe,rss,atom,json,html,opml" {
		t.Fatalf("keys %v", keys)
	}
	if got[0].Text != "https://w.example/w/abc" {
		t.Errorf("url %q", got[0].Text)
	}
	if want := `<script async src="https://w.example/w/abc.js"></script><noscript><a href="https://w.example/w/abc">Blogs &#34;I&#34; &lt;Follow&gt;</a></noscript>`; got[1].Text != want {
		t.Errorf("script\n got %s\nwant %s", got[1].Text, want)
	}
	if !strings.Contains(got[2].Text, `title="Blogs &#34;I&#34; &lt;Follow&gt;"`) {
		t.Errorf("iframe title not escaped: %s", got[2].Text)
	}
	if !strings.Contains(got[2].Text, `e.origin==="https://w.example"&&e.source===f.contentWindow`) {
		t.Errorf("the iframe's resizer takes heights from anyone: %s", got[2].Text)
	}
	l := model.Defaults(model.Liked)
	l.ID = "abc"
	if liked := Snippets("https://w.example", l); len(liked) != 7 || liked[len(liked)-1].Key != "html" {
		t.Errorf("liked widgets have no OPML: %d snippets", len(liked))
	}
}

func TestOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"https://widgets.example":        "https://widgets.example",
		"https://Widgets.Example:443/":   "https://widgets.example",
		"http://127.0.0.1:8080":          "http://127.0.0.1:8080",
		"http://example.org:80/sub/path": "http://example.org",
		"HTTPS://example.org:8443":       "https://example.org:8443",
		"http://[::1]:8080":              "http://[::1]:8080",
	} {
		if got := Origin(in); got != want {
			t.Errorf("Origin(%q) = %q, want %q", in, got, want)
		}
	}
}
