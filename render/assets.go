package render

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"

	"github.com/wpcom-widgets/service/templates"
)

// Assets are what every rendering uses: the embed's templates, stylesheet
// and scripts (templates/embed), read and parsed once, at start, by Load.
type Assets struct {
	fragment, frame *template.Template
	css             string
	frameJS         string // the frame's inline script
	loaderJS        string // the script embed
	// FrameCSP is the Content-Security-Policy of the framed document: any
	// site may frame it; it runs only its own inline script (by hash) and
	// loads only images. FrameCSPOwnImages is the same for a service
	// that serves every picture itself: images from nowhere else, so even
	// a picture URL that slipped past the markup cannot tell a third party
	// who is reading.
	FrameCSP, FrameCSPOwnImages string
	// Stylesheet is the widget's stylesheet on its own, the same for every
	// widget: for pages that include the HTML fragment (Drawing.HTML).
	Stylesheet *Output
}

// Load reads and parses the embed's assets; an error names the one that
// failed, so a broken template stops the service at start, not at the
// first visitor.
func Load() (*Assets, error) {
	read := func(name string) (string, error) {
		b, err := templates.EmbedAsset(name)
		return string(b), err
	}
	a := &Assets{}
	var err error
	var fragment, frame, stylesheet, frameJS, loaderJS, lookJS, monogramJS string
	for _, f := range []struct {
		name string
		to   *string
	}{{"fragment.html.tmpl", &fragment}, {"frame.html.tmpl", &frame}, {"widget.css", &stylesheet}, {"frame.js", &frameJS}, {"embed.js", &loaderJS},
		{"look.js", &lookJS}, {"monogram.js", &monogramJS}} {
		if *f.to, err = read(f.name); err != nil {
			return nil, err
		}
	}
	if a.fragment, err = template.New("fragment").Parse(fragment); err != nil {
		return nil, fmt.Errorf("render: fragment.html.tmpl: %w", err)
	}
	if a.frame, err = template.New("frame").Parse(frame); err != nil {
		return nil, fmt.Errorf("render: frame.html.tmpl: %w", err)
	}
	// Both scripts use look.js's colour arithmetic and monogram.js's
	// drawing, each inside its own function (the script embed adds one
	// global to a page, no more).
	for _, js := range []*string{&frameJS, &loaderJS} {
		for _, part := range []struct{ name, js string }{{"look.js", lookJS}, {"monogram.js", monogramJS}} {
			line := "\n/*" + part.name + "*/\n"
			if strings.Count(*js, line) != 1 {
				return nil, fmt.Errorf("render: a script lost its /*%s*/ line", part.name)
			}
			*js = strings.Replace(*js, line, "\n"+part.js+"\n", 1)
		}
	}
	if a.frameJS, err = minified("text/javascript", frameJS); err != nil {
		return nil, fmt.Errorf("render: frame.js: %w", err)
	}
	if a.loaderJS, err = minified("text/javascript", loaderJS); err != nil {
		return nil, fmt.Errorf("render: embed.js: %w", err)
	}
	if a.css, err = minified("text/css", stylesheet); err != nil {
		return nil, fmt.Errorf("render: widget.css: %w", err)
	}
	a.Stylesheet = NewOutput("text/css; charset=utf-8", []byte(a.css))
	sum := sha256.Sum256([]byte(a.frameJS))
	a.FrameCSP = "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; script-src 'sha256-" +
		base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'; form-action 'none'; frame-ancestors *"
	a.FrameCSPOwnImages = strings.Replace(a.FrameCSP, "img-src https: http: data:", "img-src 'self' data:", 1)
	return a, nil
}

// minified is one of our scripts or stylesheets as visitors get it: the
// comments that explain the source, the spaces and the long local names
// are left out of every widget sent (tdewolff/minify; the script embed's
// __ID__, __HTML__ and __CSS__ are globals to it, so they are kept).
func minified(mediaType, src string) (string, error) {
	m := minify.New()
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("text/javascript", js.Minify)
	return m.String(mediaType, src)
}
