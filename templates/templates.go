package templates

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
)

//go:embed *.html.tmpl
var pages embed.FS

//go:embed static
var static embed.FS

// standalone are the documents drawn without the layout: the live
// preview's board, which sits in a frame of the widget page.
var standalone = map[string]bool{"preview.html.tmpl": true}

// Parse parses every page template with the shared layout and partials.
// Each page file defines "title" and "content"; look a page up by its file
// name and execute it.
func Parse() (map[string]*template.Template, error) {
	names, err := fs.Glob(pages, "*.html.tmpl")
	if err != nil {
		return nil, err
	}
	set := map[string]*template.Template{}
	for _, name := range names {
		if name == "layout.html.tmpl" || name == "partials.html.tmpl" {
			continue
		}
		var t *template.Template
		if standalone[name] {
			t, err = template.New(name).ParseFS(pages, name)
		} else {
			t, err = template.New("layout.html.tmpl").ParseFS(pages, "layout.html.tmpl", "partials.html.tmpl", name)
		}
		if err != nil {
			return nil, fmt.Errorf("templates: %s: %w", name, err)
		}
		set[name] = t
	}
	return set, nil
}

// Static is the static/ folder: stylesheets, scripts and images.
func Static() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the folder is embedded above; this cannot fail
	}
	return sub
}

//go:embed embed
var embedFS embed.FS

// EmbedAsset returns one file of the embed/ folder: the widget's templates,
// its stylesheet, the frame's and the script embed's scripts.
func EmbedAsset(name string) ([]byte, error) {
	b, err := embedFS.ReadFile("embed/" + name)
	if err != nil {
		return nil, fmt.Errorf("templates: no embed asset %s: %w", name, err)
	}
	return b, nil
}

// InlineScript is a script of the embed/ folder ready to inline in one
// line: whole-line // comments dropped, each line trimmed, the lines
// joined without newlines (so each must end where a statement or an
// expression may). The scripts are embedded: a missing one is a build
// mistake, and panics at start.
func InlineScript(name string) string {
	b, err := EmbedAsset(name)
	if err != nil {
		panic(err)
	}
	var out strings.Builder
	for _, line := range strings.Split(string(b), "\n") {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "//") {
			out.WriteString(t)
		}
	}
	return out.String()
}
