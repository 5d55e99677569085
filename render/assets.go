package render

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"strings"

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
	var fragment, frame, frameJS, loaderJS, lookJS string
	for _, f := range []struct {
		name string
		to   *string
	}{{"fragment.html.tmpl", &fragment}, {"frame.html.tmpl", &frame}, {"widget.css", &a.css}, {"frame.js", &frameJS}, {"embed.js", &loaderJS}, {"look.js", &lookJS}} {
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
	// Both scripts use look.js's colour arithmetic, each inside its own
	// function (the script embed adds one global to a page, no more).
	for _, js := range []*string{&frameJS, &loaderJS} {
		if strings.Count(*js, "\n/*look.js*/\n") != 1 {
			return nil, fmt.Errorf("render: a script lost its /*look.js*/ line")
		}
		*js = strings.Replace(*js, "\n/*look.js*/\n", "\n"+lookJS+"\n", 1)
	}
	a.frameJS, a.loaderJS = stripComments(frameJS), stripComments(loaderJS)
	a.Stylesheet = NewOutput("text/css; charset=utf-8", []byte(a.css))
	sum := sha256.Sum256([]byte(a.frameJS))
	a.FrameCSP = "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; script-src 'sha256-" +
		base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'; form-action 'none'; frame-ancestors *"
	a.FrameCSPOwnImages = strings.Replace(a.FrameCSP, "img-src https: http: data:", "img-src 'self' data:", 1)
	return a, nil
}

// stripComments drops whole-line // comments and indentation from our own
// scripts: they explain the source, visitors need not download them.
func stripComments(js string) string {
	var b strings.Builder
	for _, line := range strings.Split(js, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		b.WriteString(t)
		b.WriteByte('\n')
	}
	return b.String()
}
