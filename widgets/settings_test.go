package widgets

import (
	"reflect"
	"strings"
	"testing"

	"github.com/wpcom-widgets/service/model"
)

// set is a widget's settings, as ParseForm returns them.
func set(k model.Kind, title string, count int, layout model.Layout, theme model.Theme) model.Widget {
	return model.Widget{Kind: k, Title: title, Count: count, Layout: layout, Theme: theme, Display: model.DefaultDisplay(), Lang: "en"}
}

func TestParseForm(t *testing.T) {
	tests := []struct {
		name   string
		form   Form
		kind   model.Kind
		want   model.Widget
		errors []string
	}{
		{"defaults for following", Form{Kind: "following"}, "", model.Defaults(model.Following), nil},
		{"defaults for liked", Form{Kind: "liked"}, "", set(model.Liked, "Posts I Like", 5, "list", "page"), nil},
		{"everything set", Form{Kind: "liked", Title: "  Good reads  ", Count: "12", Layout: "grid", Theme: "dark"}, "",
			set(model.Liked, "Good reads", 12, "grid", "dark"), nil},
		{"limits", Form{Kind: "following", Count: "50", Title: strings.Repeat("é", 100)}, "",
			set(model.Following, strings.Repeat("é", 100), 50, "list", "page"), nil},
		{"bidi overrides and zero-width spaces are dropped", Form{Kind: "liked", Title: "Good\u202e sdaer\u202c\u200b \u2066x\u2069\ufeff"}, "",
			set(model.Liked, "Good sdaer x", 5, "list", "page"), nil},
		{"a zero-width space inside a word goes", Form{Kind: "liked", Title: "Good\u200breads"}, "",
			set(model.Liked, "Goodreads", 5, "list", "page"), nil},
		{"a title of nothing visible keeps the default", Form{Kind: "liked", Title: "\u202e\u200b"}, "", model.Defaults(model.Liked), nil},
		{"joiners in emoji and scripts are kept", Form{Kind: "liked", Title: "👩\u200d🍳 می\u200cخوانم"}, "",
			set(model.Liked, "👩\u200d🍳 می\u200cخوانم", 5, "list", "page"), nil},
		{"the visitor's scheme is still a choice", Form{Kind: "liked", Theme: "auto"}, "", set(model.Liked, "Posts I Like", 5, "list", "auto"), nil},
		{"display: checkboxes present mean on, missing mean off", Form{Kind: "liked", Displayed: true, ShowExcerpts: true, NewTab: true, MaxWidth: "480px"}, "",
			func() model.Widget {
				w := set(model.Liked, "Posts I Like", 5, "list", "page")
				w.Display = model.Display{ShowExcerpts: true, NewTab: true, MaxWidth: 480, TitleLines: 2} // title_lines is a choice, not a checkbox: absent keeps the default
				return w
			}(), nil},
		{"display: a form without the section keeps the defaults", Form{Kind: "following", ShowExcerpts: true}, "", model.Defaults(model.Following), nil},
		{"display: width out of bounds", Form{Kind: "liked", MaxWidth: "50"}, "", model.Widget{}, []string{"max_width"}},
		{"display: width not a number", Form{Kind: "liked", MaxWidth: "wide"}, "", model.Widget{}, []string{"max_width"}},
		{"look: a dark site with its colours and font", Form{Kind: "liked", SiteScheme: "dark", SiteText: " #CDD6F4 ", SiteLink: "#89b4fa", SiteFont: ` "Trebuchet MS",   sans-serif `}, "",
			func() model.Widget {
				w := set(model.Liked, "Posts I Like", 5, "list", "page")
				w.Look = model.Look{Dark: true, Text: "#cdd6f4", Link: "#89b4fa", Font: `"Trebuchet MS", sans-serif`}
				return w
			}(), nil},
		{"look: one-word fonts and short colours", Form{Kind: "liked", SiteScheme: "light", SiteLink: "#a52", SiteFont: "Serif"}, "",
			func() model.Widget {
				w := set(model.Liked, "Posts I Like", 5, "list", "page")
				w.Look = model.Look{Link: "#aa5522", Font: "serif"}
				return w
			}(), nil},
		{"look: sans is the default", Form{Kind: "liked", SiteFont: "sans"}, "", set(model.Liked, "Posts I Like", 5, "list", "page"), nil},
		{"look: unreadable colours for the scheme", Form{Kind: "liked", SiteText: "#eeeeee", SiteLink: "#89b4fa"}, "", model.Widget{}, []string{"site_text", "site_link"}},
		{"look: dark text on a dark site", Form{Kind: "liked", SiteScheme: "dark", SiteText: "#333"}, "", model.Widget{}, []string{"site_text"}},
		{"title lines: every line", Form{Kind: "liked", TitleLines: "0"}, "",
			func() model.Widget {
				w := set(model.Liked, "Posts I Like", 5, "list", "page")
				w.Display.TitleLines = 0
				return w
			}(), nil},
		{"title lines: out of bounds", Form{Kind: "liked", TitleLines: "4"}, "", model.Widget{}, []string{"title_lines"}},
		{"title lines: not a number", Form{Kind: "liked", TitleLines: "two"}, "", model.Widget{}, []string{"title_lines"}},
		{"look: not colours", Form{Kind: "liked", SiteText: "brownish", SiteLink: "#12345g"}, "", model.Widget{}, []string{"site_text", "site_link"}},
		{"look: a font list cannot leave its CSS value", Form{Kind: "liked", SiteFont: "x;}body{background:url(//evil.example)"}, "", model.Widget{}, []string{"site_font"}},
		{"look: a font list with a quote left open", Form{Kind: "liked", SiteFont: `"Trebuchet MS, sans-serif`}, "", model.Widget{}, []string{"site_font"}},
		{"look: a font list too long", Form{Kind: "liked", SiteFont: strings.Repeat("a", 201)}, "", model.Widget{}, []string{"site_font"}},
		{"look: asked, and kept, only with my site's colours", Form{Kind: "liked", Theme: "light", SiteScheme: "dark", SiteText: "#333"}, "",
			set(model.Liked, "Posts I Like", 5, "list", "light"), nil},
		{"look: an unknown scheme", Form{Kind: "liked", SiteScheme: "sepia"}, "", model.Widget{}, []string{"site_scheme"}},
		{"lang: one of ours, however WordPress.com spells it", Form{Kind: "liked", Lang: "AR"}, "",
			func() model.Widget { w := set(model.Liked, "Posts I Like", 5, "list", "page"); w.Lang = "ar"; return w }(), nil},
		{"lang: one we do not speak", Form{Kind: "liked", Lang: "tlh"}, "", model.Widget{}, []string{"lang"}},
		{"empty text, cleaned", Form{Kind: "liked", EmptyText: "  Nothing\u200b yet\u202e  "}, "",
			func() model.Widget {
				w := set(model.Liked, "Posts I Like", 5, "list", "page")
				w.EmptyText = "Nothing yet"
				return w
			}(), nil},
		{"empty text too long", Form{Kind: "liked", EmptyText: strings.Repeat("x", 201)}, "", model.Widget{}, []string{"empty_text"}},
		{"empty text on two lines", Form{Kind: "liked", EmptyText: "a\nb"}, "", model.Widget{}, []string{"empty_text"}},
		{"update keeps the kind", Form{Kind: "liked", Count: "3"}, model.Following, set(model.Following, "Blogs I Follow", 3, "list", "page"), nil},
		{"unknown kind", Form{Kind: "comments"}, "", model.Widget{}, []string{"kind"}},
		{"missing kind", Form{}, "", model.Widget{}, []string{"kind"}},
		{"count too high", Form{Kind: "liked", Count: "51"}, "", model.Widget{}, []string{"count"}},
		{"count zero", Form{Kind: "liked", Count: "0"}, "", model.Widget{}, []string{"count"}},
		{"count not a number", Form{Kind: "liked", Count: "five"}, "", model.Widget{}, []string{"count"}},
		{"title too long", Form{Kind: "liked", Title: strings.Repeat("x", 101)}, "", model.Widget{}, []string{"title"}},
		{"title with a line break", Form{Kind: "liked", Title: "a\nb"}, "", model.Widget{}, []string{"title"}},
		{"bad layout and theme", Form{Kind: "liked", Layout: "table", Theme: "pink"}, "", model.Widget{}, []string{"layout", "theme"}},
		{"every problem at once", Form{Kind: "x", Count: "-1", Layout: "x", Theme: "x", Title: "\x00"}, "", model.Widget{},
			[]string{"kind", "count", "layout", "theme", "title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := ParseForm(tt.form, tt.kind)
			if len(tt.errors) == 0 {
				if errs != nil || !reflect.DeepEqual(got, tt.want) {
					t.Errorf("got %+v, %v; want %+v", got, errs, tt.want)
				}
				return
			}
			if len(errs) != len(tt.errors) {
				t.Errorf("errors %v, want fields %v", errs, tt.errors)
			}
			for _, f := range tt.errors {
				if errs[f] == "" {
					t.Errorf("no error for %s: %v", f, errs)
				}
			}
		})
	}
}

func TestIDs(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := NewID()
		if !ValidID(id) || seen[id] {
			t.Fatalf("bad or repeated id %q", id)
		}
		seen[id] = true
	}
	for _, bad := range []string{"", "short", strings.Repeat("a", 25), strings.Repeat("A", 26), strings.Repeat("l", 26), "../../etc/passwd.........."} {
		if ValidID(bad) {
			t.Errorf("ValidID(%q)", bad)
		}
	}
}
