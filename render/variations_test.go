package render_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/wpcom-widgets/service/lang"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// What each setting changes, against the markup in the golden files (the
// page theme, English, the default display): the tests below say exactly
// what differs, so nothing else may.

// TestThemes: a theme is one class on the widget; the frame around it is
// the same (the dark theme's also declares its colour scheme), and the
// script's host keeps the page's text properties only for the page theme.
func TestThemes(t *testing.T) {
	// The script embed marks its host data-wpfl-page for the page theme
	// (embed.js); the shared stylesheet resets the host's inherited
	// properties for every other theme.
	css := string(assets.Stylesheet.Body)
	for _, rule := range []string{
		`:host(:not([data-wpfl-page])){all:initial!important;`,
		`:host([data-wpfl-page]){display:block!important;`,
	} {
		if !strings.Contains(css, rule) {
			t.Errorf("the stylesheet lacks the script embed's host rule %s", rule)
		}
	}
	following, liked := seeded(t, wpcomtest.DemoUser)
	items := map[model.Kind][]model.Item{model.Following: following, model.Liked: liked}
	for _, kind := range model.Kinds {
		for _, layout := range model.Layouts {
			page := widget(kind, layout, model.Page, items[kind])
			fragment, frame := page.Fragment(), page.Frame().Body
			if n := bytes.Count(fragment, []byte("wpfl--page")); n != 1 {
				t.Fatalf("%s %s: the page theme's class appears %d times, want once", kind, layout, n)
			}
			for _, theme := range model.Themes {
				w := widget(kind, layout, theme, items[kind])
				class := []byte("wpfl--" + string(theme))
				want := bytes.Replace(fragment, []byte("wpfl--page"), class, 1)
				if got := w.Fragment(); !bytes.Equal(got, want) {
					t.Errorf("%s %s %s: the markup differs by more than its class:\n%s", kind, layout, theme, lineDiff(string(want), string(got)))
				}
				wantFrame := bytes.Replace(frame, fragment, want, 1)
				if theme == model.Dark { // and says so, so a dark page's frame element matches it (frameScheme)
					wantFrame = bytes.Replace(wantFrame, []byte(`<meta name="robots" content="noindex">`),
						[]byte(`<meta name="robots" content="noindex">`+"\n"+`<meta name="color-scheme" content="dark">`), 1)
				}
				if got, want := w.Frame().Body, wantFrame; !bytes.Equal(got, want) {
					t.Errorf("%s %s %s: the frame differs by more than its markup:\n%s", kind, layout, theme, lineDiff(string(want), string(got)))
				}
				if script := string(w.Script().Body); !strings.Contains(script, `"`+base+assets.StylesheetPath+`"`) || strings.Contains(script, "{color:") {
					t.Errorf("%s %s %s: the script does not link the shared stylesheet, or carries CSS of its own", kind, layout, theme)
				}
			}
		}
	}
}

// TestDisplayOptions: each option the owner sets changes what it names,
// and the rest of the markup stays as the golden file shows it.
func TestDisplayOptions(t *testing.T) {
	following, liked := seeded(t, wpcomtest.DemoUser)
	items := map[model.Kind][]model.Item{model.Following: following[:3], model.Liked: liked[:3]}
	excerpt := regexp.MustCompile(`<p class="wpfl__excerpt" dir="auto">[^<]+</p>`)
	img := regexp.MustCompile(`<img [^>]*>|<span class="wpfl__(icon|thumb) wpfl__mono"[^>]*>[^<]*</span>`) // a picture, or its monogram
	meta := regexp.MustCompile(` <span class="wpfl__on">.*?</span>`)
	for _, kind := range model.Kinds {
		w := widget(kind, model.List, model.Page, items[kind])
		plain, id, title := string(w.Fragment()), w.ID, model.Defaults(kind).Title
		untitled := func(s string) string { // named to screen readers instead
			s = strings.Replace(s, "\n"+`<h2 class="wpfl__title" id="wpfl-title-`+id+`" dir="auto">`+title+`</h2>`, "", 1)
			return strings.Replace(s, `aria-labelledby="wpfl-title-`+id+`"`, `aria-label="`+title+`"`, 1)
		}
		for _, tc := range []struct {
			name string
			set  func(*model.Display)
			want func(got string) string // the plain markup, as this option should change it
		}{
			{"new tab", func(d *model.Display) { d.NewTab = true }, func(string) string {
				return strings.ReplaceAll(plain, `target="_top"`, `target="_blank"`)
			}},
			{"narrow", func(d *model.Display) { d.MaxWidth = 320 }, func(string) string {
				return strings.Replace(plain, ` lang="en" dir="ltr">`, ` style="max-width:320px" lang="en" dir="ltr">`, 1)
			}},
			{"no title", func(d *model.Display) { d.ShowTitle = false }, func(string) string { return untitled(plain) }},
			{"names in one line", func(d *model.Display) { d.TitleLines = 1 }, func(string) string {
				return strings.Replace(plain, ` wpfl--lines-2"`, ` wpfl--lines-1"`, 1)
			}},
			{"names in every line", func(d *model.Display) { d.TitleLines = 0 }, func(string) string {
				return strings.Replace(plain, ` wpfl--lines-2"`, `"`, 1)
			}},
			{"bare", func(d *model.Display) { *d = model.Display{} }, func(string) string {
				s := strings.Replace(untitled(plain), ` wpfl--page wpfl--lines-2"`, ` wpfl--page wpfl--textonly"`, 1)
				return meta.ReplaceAllString(img.ReplaceAllString(s, ""), "")
			}},
		} {
			w := widget(kind, model.List, model.Page, items[kind])
			tc.set(&w.Display)
			got := string(w.Fragment())
			if want := tc.want(got); got != want || want == plain {
				t.Errorf("%s %s: not what the option names:\n%s", kind, tc.name, lineDiff(want, got))
			}
		}
		// Excerpts are the items' own words: three of them, and nothing else.
		w.Display.ShowExcerpts = true
		got := string(w.Fragment())
		if n := len(excerpt.FindAllString(got, -1)); n != 3 {
			t.Errorf("%s: %d excerpts, want 3", kind, n)
		}
		if got := excerpt.ReplaceAllString(got, ""); got != plain {
			t.Errorf("%s excerpts: changed more than the excerpts:\n%s", kind, lineDiff(plain, got))
		}
	}
}

// TestLanguages: a widget's language changes its lang and dir, its default
// title, the word joining a post to its site, the comma and the dates;
// members' text stays as it is.
func TestLanguages(t *testing.T) {
	_, liked := seeded(t, wpcomtest.DemoUser)
	liked = liked[:3]
	en := lang.For("en")
	english := string(widget(model.Liked, model.List, model.Page, liked).Fragment())
	for _, tag := range []string{"fr", "de", "es", "ja", "ar"} {
		m := lang.For(tag)
		if m.Tag != tag {
			t.Fatalf("no messages for %s", tag)
		}
		w := widget(model.Liked, model.List, model.Page, liked)
		w.Lang = tag
		pairs := []string{`lang="en" dir="ltr"`, `lang="` + tag + `" dir="` + m.Dir + `"`,
			">" + en.Liked + "<", ">" + m.Liked + "<", `aria-label="` + en.Liked, `aria-label="` + m.Liked,
			`"wpfl__on">` + en.On + " ", `"wpfl__on">` + m.On + " ", en.Comma + "<time", m.Comma + "<time"}
		for _, it := range liked {
			if !it.Posted.IsZero() {
				pairs = append(pairs, ">"+en.Date(it.Posted)+"<", ">"+m.Date(it.Posted)+"<")
			}
		}
		want := strings.NewReplacer(pairs...).Replace(english)
		if got := string(w.Fragment()); got != want {
			t.Errorf("%s:\n%s", tag, lineDiff(want, got))
		}
	}
	w := widget(model.Following, model.List, model.Page, nil)
	w.Lang, w.Title = "ar", "My reading"
	if got := w.ShownTitle(); got != "My reading" {
		t.Errorf("the owner's title became %q", got)
	}
	w.Title = model.Defaults(model.Following).Title
	if got := w.ShownTitle(); got != "مدونات أتابعها" {
		t.Errorf("the default title in Arabic is %q", got)
	}
	if body := string(w.Frame().Body); !strings.Contains(body, `<html lang="ar" dir="rtl"`) {
		t.Error("an Arabic frame does not say its language and direction")
	}
}

// TestLook: a frame that matches the page is drawn in the owner's site
// look, worked out for its background; other themes ignore it, and nothing
// in a look can leave its CSS value.
func TestLook(t *testing.T) {
	_, liked := seeded(t, wpcomtest.DemoUser)
	for _, tc := range []struct {
		name  string
		theme model.Theme
		look  model.Look
		want  string // the CSS added after the stylesheet; "" for none
	}{
		{"dark serif", model.Page, model.Look{Dark: true, Text: "#cdd6f4", Link: "#89b4fa", Font: model.FontSerif},
			`html.wpfl-frame body{color:#cdd6f4;font-family:Georgia, "Times New Roman", serif}` +
				`html.wpfl-frame .wpfl--page{--wpfl-link:#89b4fa;--wpfl-focus:#89b4fa;--wpfl-muted:#959bb0;--wpfl-line:#37393f}`},
		{"a font", model.Page, model.Look{Font: `"Trebuchet MS", sans-serif`},
			`html.wpfl-frame body{color:#1d2327;font-family:"Trebuchet MS", sans-serif}` +
				`html.wpfl-frame .wpfl--page{--wpfl-link:#2758b3;--wpfl-focus:#2758b3;--wpfl-muted:#616568;--wpfl-line:#d2d3d4}`},
		{"defaults", model.Page, model.Look{}, ""},
		{"another theme", model.Light, model.Look{Font: `"Trebuchet MS", sans-serif`}, ""},
		// Not from the form (say, edited in the database): whatever the
		// frame makes of these, nothing leaves its CSS value.
		{"a font list that escapes", model.Page, model.Look{Font: `x}body{background:url(https://evil.example/)`}, "?"},
		{"an open quote", model.Page, model.Look{Dark: true, Font: `"Trebuchet MS`}, "?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plain := widget(model.Liked, model.List, tc.theme, liked[:3])
			w := plain
			w.Look = tc.look
			body, base := string(w.Frame().Body), string(plain.Frame().Body)
			if tc.want == "?" {
				if strings.Contains(body, "evil.example") || strings.Contains(body, "Trebuchet") {
					t.Error("an unchecked font list reached the frame's CSS")
				}
				if tc.look.Dark && !strings.Contains(body, "--wpfl-link:#8ab4ff") {
					t.Error("a bad font list swallowed the look's colours")
				}
				return
			}
			want := base
			if tc.want != "" { // the look's own rules, after the shared stylesheet
				link := `<link rel="stylesheet" href="` + plain.BaseURL + assets.StylesheetPath + `">`
				want = strings.Replace(base, link, link+"\n<style>"+tc.want+"</style>", 1)
			}
			if tc.look.Dark { // a dark site's frame shares the page's dark scheme, or Chromium paints a box
				want = strings.Replace(want, `<meta name="robots" content="noindex">`, `<meta name="robots" content="noindex">`+"\n"+`<meta name="color-scheme" content="dark">`, 1)
			}
			if body != want {
				t.Errorf("the look added more or less than its CSS and scheme:\n%s", lineDiff(want, body))
			}
		})
	}
}

// TestEmpty: a widget with nothing to show and nothing to say takes no
// room on the page; its feed is valid and empty. One with a message is as
// high as its message (the markup is in empty-said.html).
func TestEmpty(t *testing.T) {
	said := widget(model.Liked, model.List, model.Page, nil)
	said.EmptyText = "Nothing liked yet — come back soon."
	if h := render.EstimateHeight(said.Widget, nil, 0, 300); h < 60 || h > 70 { // 4 + 35.2 + 22.4
		t.Errorf("an empty widget with a message is estimated %d px high", h)
	}
	for _, kind := range model.Kinds {
		for _, layout := range model.Layouts {
			w := widget(kind, layout, model.Page, nil)
			want := "\n" + `<section class="wpfl wpfl--` + string(kind) + ` wpfl--empty" data-wpfl="` + w.ID + `" hidden></section>` + "\n"
			if got := string(w.Fragment()); got != want {
				t.Errorf("%s %s: %q, want %q", kind, layout, got, want)
			}
			if h := render.EstimateHeight(w.Widget, nil, 0, 300); h != 0 {
				t.Errorf("%s %s: an empty widget that says nothing is estimated %d px high", kind, layout, h)
			}
			var feed struct {
				Version string `json:"version"`
				Items   []any  `json:"items"`
			}
			if err := json.Unmarshal(w.JSONFeed().Body, &feed); err != nil || feed.Items == nil || len(feed.Items) != 0 || feed.Version == "" {
				t.Errorf("%s %s: the empty feed is %s (%v)", kind, layout, w.JSONFeed().Body, err)
			}
		}
	}
}

// TestOEmbedFormats: the JSON and XML answers say the same, for either
// kind (the golden files show one of each).
func TestOEmbedFormats(t *testing.T) {
	following, liked := seeded(t, wpcomtest.DemoUser)
	for kind, items := range map[model.Kind][]model.Item{model.Following: following, model.Liked: liked} {
		w := widget(kind, model.List, model.Page, items)
		var fromJSON map[string]any
		if err := json.Unmarshal(w.OEmbed("json", 0, 0).Body, &fromJSON); err != nil {
			t.Fatal(err)
		}
		// Every field of the XML answer is a child of its root with text.
		fromXML := map[string]string{}
		d := xml.NewDecoder(bytes.NewReader(w.OEmbed("xml", 0, 0).Body))
		var field string
		for tok, err := d.Token(); err == nil; tok, err = d.Token() {
			switch tok := tok.(type) {
			case xml.StartElement:
				field = tok.Name.Local
			case xml.CharData:
				if field != "" {
					fromXML[field] += string(tok)
				}
			case xml.EndElement:
				field = ""
			}
		}
		if len(fromJSON) < 8 || len(fromJSON) != len(fromXML) {
			t.Errorf("%s: %d fields in JSON, %d in XML", kind, len(fromJSON), len(fromXML))
		}
		for k, v := range fromJSON {
			if got := fromXML[k]; got != fmt.Sprint(v) {
				t.Errorf("%s: %s is %q in XML, %v in JSON", kind, k, got, v)
			}
		}
		if fromJSON["title"] != model.Defaults(kind).Title || fromJSON["type"] != "rich" || !strings.Contains(fromXML["html"], w.PageURL()) {
			t.Errorf("%s: %v", kind, fromJSON)
		}
	}
}
