package render

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"regexp"
	"strings"
	"sync/atomic"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"

	"github.com/wpcom-widgets/service/templates"
)

// Assets are what every rendering uses: the embed's templates, stylesheet
// and scripts (templates/embed), read and parsed once, at start, by Load.
type Assets struct {
	fragment, frame *template.Template
	loaderJS        string // the script embed
	// Stylesheet is the widget's stylesheet, the same for every widget:
	// linked by frames and script embeds (at StylesheetPath) and by pages
	// that include the HTML fragment (Drawing.HTML).
	Stylesheet *Output
	// FrameScript is the framed document's script, the same for every
	// widget (at FrameScriptPath).
	FrameScript *Output
	// StylesheetPath and FrameScriptPath are where the service serves
	// them, named by a hash of their bytes (AssetPath): a browser keeps
	// them for a year, across every widget it sees, and a new version has
	// a new name. Widgets link them rather than carry them, so a frame or
	// a script embed is its items and little else (a 10-item liked list:
	// about 2 KB gzipped instead of 4.1).
	StylesheetPath, FrameScriptPath string
	// byName is every shared file by its name under AssetsPrefix.
	byName map[string]*Output
	// csp is the frames' Content-Security-Policy for the last base URL
	// asked (Site.FrameCSP): made once, not on every hit.
	csp atomic.Pointer[frameCSP]
}

// AssetsPrefix is the path the shared stylesheet and script are served
// under. It sits under /w/ so an edge that keeps widgets keeps them too,
// and it cannot be a widget: no widget id is "assets".
const AssetsPrefix = "/w/assets/"

type frameCSP struct{ base, csp, ownImages string }

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
	if frameJS, err = minified("text/javascript", frameJS); err != nil {
		return nil, fmt.Errorf("render: frame.js: %w", err)
	}
	if a.loaderJS, err = minified("text/javascript", loaderJS); err != nil {
		return nil, fmt.Errorf("render: embed.js: %w", err)
	}
	for _, slot := range []string{"__ID__", "__HTML__", "__CSS__"} { // filled in by Script, once each
		if n := strings.Count(a.loaderJS, slot); n != 1 {
			return nil, fmt.Errorf("render: embed.js holds %s %d times after minifying, want once", slot, n)
		}
	}
	if stylesheet, err = minified("text/css", stylesheet); err != nil {
		return nil, fmt.Errorf("render: widget.css: %w", err)
	}
	a.Stylesheet = NewOutput("text/css; charset=utf-8", []byte(stylesheet))
	a.FrameScript = NewOutput("text/javascript; charset=utf-8", []byte(frameJS))
	a.StylesheetPath = AssetPath("widget", a.Stylesheet.Body, ".css")
	a.FrameScriptPath = AssetPath("frame", a.FrameScript.Body, ".js")
	a.byName = map[string]*Output{
		strings.TrimPrefix(a.StylesheetPath, AssetsPrefix):  a.Stylesheet,
		strings.TrimPrefix(a.FrameScriptPath, AssetsPrefix): a.FrameScript,
	}
	return a, nil
}

// AssetPath names a shared file by the first 9 bytes (72 bits, 12
// characters of base64url) of its bytes' SHA-256: no two versions we ship
// will share one.
func AssetPath(stem string, body []byte, ext string) string {
	sum := sha256.Sum256(body)
	return AssetsPrefix + stem + "." + base64.RawURLEncoding.EncodeToString(sum[:9]) + ext
}

// otherVersion matches the name of any version of a shared file: a stem,
// 12 characters of hash, an extension.
var otherVersion = regexp.MustCompile(`^(widget\.[A-Za-z0-9_-]{12}\.css|frame\.[A-Za-z0-9_-]{12}\.js)$`)

// Asset is the shared file named name (the part of its path after
// AssetsPrefix). current says it is this version; a name of an earlier
// version (a frame rendered before a deploy, still held by an edge or a
// browser) gets this version's file, not a broken widget, but must not
// be kept as if it were that version.
func (a *Assets) Asset(name string) (o *Output, current bool) {
	if o := a.byName[name]; o != nil {
		return o, true
	}
	if !otherVersion.MatchString(name) {
		return nil, false
	}
	if strings.HasSuffix(name, ".css") {
		return a.Stylesheet, false
	}
	return a.FrameScript, false
}

// FrameCSP is the Content-Security-Policy of a framed widget served from
// base: any site may frame it; it runs only the shared frame script, from
// that exact URL, takes style only from the shared stylesheet and its
// own look (inline), and loads only images. With ownImages the images
// come from the service alone, so even a picture URL that slipped past
// the markup cannot tell a third party who is reading.
func (a *Assets) FrameCSP(base string, ownImages bool) string {
	p := a.csp.Load()
	if p == nil || p.base != base {
		csp := "default-src 'none'; img-src https: http:; style-src " + base + a.StylesheetPath +
			" 'unsafe-inline'; script-src " + base + a.FrameScriptPath + "; base-uri 'none'; form-action 'none'; frame-ancestors *"
		p = &frameCSP{base: base, csp: csp, ownImages: strings.Replace(csp, "img-src https: http:", "img-src 'self'", 1)}
		a.csp.Store(p)
	}
	if ownImages {
		return p.ownImages
	}
	return p.csp
}

// minified is one of our scripts or stylesheets as visitors get it: the
// comments that explain the source, the spaces and the long local names
// are left out of every widget sent (tdewolff/minify; the script embed's
// __ID__, __HTML__ and __CSS__ are globals to it, so they are kept).
//
// The scripts are written for ES2016 and kept there: the oldest browsers
// with Shadow DOM run them (the minifier would otherwise use newer syntax,
// such as catch without a binding, and those browsers would run nothing).
// It writes Math.pow as **, which is ES2016.
func minified(mediaType, src string) (string, error) {
	m := minify.New()
	m.AddFunc("text/css", css.Minify)
	m.Add("text/javascript", &js.Minifier{Version: 2016})
	return m.String(mediaType, src)
}
