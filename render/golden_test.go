package render_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// The golden files show each output once, as a reviewer reads it: the
// markup of each kind and layout (the fragment the frame and the script
// share), one frame and one script around it, the feeds, oEmbed, and the
// odd data of the world. Themes, languages, display options and looks are
// table tests (variations_test.go) that say what each one changes, so an
// edit to the stylesheet rewrites two files: frame.html and script.js.

var update = flag.Bool("update", false, "rewrite the golden files")

// stylesheetStart is the first rule of the widget's stylesheet, in any
// output that holds it.
var stylesheetStart = func() []byte {
	css, err := os.ReadFile(filepath.Join("..", "templates", "embed", "widget.css"))
	if err != nil || len(css) < 40 {
		panic(fmt.Sprintf("reading the stylesheet: %v", err))
	}
	return css[:40]
}()

// goldenWritten names the golden files TestGolden checked.
var goldenWritten = map[string]bool{}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenWritten[name] = true
	if bytes.Contains(got, stylesheetStart) && name != "frame.html" && name != "script.js" {
		t.Errorf("%s holds the stylesheet: every CSS edit would rewrite it; golden its markup instead", name)
	}
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, run go test ./render -update and review the diff:\n%s",
			name, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows where two texts part: the first differing line with two
// lines of context, "-" for the golden file and "+" for what was made.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	var b strings.Builder
	for j := max(0, i-2); j < i; j++ {
		fmt.Fprintf(&b, "  %d  %.200s\n", j+1, w[j])
	}
	for j := i; j < min(i+3, len(w)); j++ {
		fmt.Fprintf(&b, "- %d  %.200s\n", j+1, w[j])
	}
	for j := i; j < min(i+3, len(g)); j++ {
		fmt.Fprintf(&b, "+ %d  %.200s\n", j+1, g[j])
	}
	fmt.Fprintf(&b, "(%d lines in the golden file, %d made)", len(w), len(g))
	return b.String()
}

func TestGolden(t *testing.T) {
	following, liked := seeded(t, wpcomtest.DemoUser)
	if len(following) != 10 || len(liked) != 8 {
		t.Fatalf("seed data: %d follows, %d likes", len(following), len(liked))
	}
	items := map[model.Kind][]model.Item{model.Following: following, model.Liked: liked}
	for _, kind := range model.Kinds {
		for _, layout := range model.Layouts {
			golden(t, string(kind)+"-"+string(layout)+".html", widget(kind, layout, model.Page, items[kind]).Fragment())
		}
		w := widget(kind, model.List, model.Page, items[kind])
		golden(t, string(kind)+".json", w.JSONFeed().Body)
		if o := w.OPML(created); o != nil {
			golden(t, string(kind)+".opml", o.Body)
		} else if kind == model.Following {
			t.Error("no OPML for a following widget")
		}
	}
	golden(t, "frame.html", widget(model.Following, model.List, model.Page, following).Frame().Body)
	golden(t, "script.js", widget(model.Liked, model.List, model.Page, liked).Script().Body)
	golden(t, "liked.atom", widget(model.Liked, model.List, model.Page, liked).Atom().Body)
	golden(t, "following.rss", widget(model.Following, model.List, model.Page, following).RSS().Body)
	golden(t, "oembed.json", widget(model.Following, model.List, model.Page, following).OEmbed("json", 0, 0).Body)
	golden(t, "oembed.xml", widget(model.Liked, model.List, model.Page, liked).OEmbed("xml", 0, 0).Body)

	worldF, worldL := seeded(t, wpcomtest.WorldUser)
	golden(t, "world-following.html", widget(model.Following, model.List, model.Page, worldF).Fragment())
	golden(t, "world-liked.html", widget(model.Liked, model.List, model.Page, worldL).Fragment())
	said := widget(model.Liked, model.List, model.Page, nil)
	said.EmptyText = "Nothing liked yet — come back soon."
	golden(t, "empty-said.html", said.Fragment())

	// Every file in testdata/golden is one of these, and there are few.
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !goldenWritten[filepath.Base(f)] {
			t.Errorf("%s is checked by no test: delete it", f)
		}
	}
	if len(goldenWritten) > 16 { // one per format and kind or layout, and a few languages and states
		t.Errorf("%d golden files, want at most 16: show variations as table tests", len(goldenWritten))
	}
}
