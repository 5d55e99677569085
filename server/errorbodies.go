package server

import (
	"crypto/sha256"
	"encoding/base64"
	"html"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/templates"
)

// goneScript tells the frame's host that the frame is 0 pixels high
// (templates/embed/gone.js).
var goneScript = templates.InlineScript("gone.js")

// goneCSP lets the frame of no widget run goneScript and nothing else.
var goneCSP = func() string {
	sum := sha256.Sum256([]byte(goneScript))
	return "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; base-uri 'none'; frame-ancestors *"
}()

// The bodies of the public addresses' errors, made once: a frame gets a
// small page, a script a harmless script, a feed JSON or XML.
var (
	bodiesOnce sync.Once
	bodies     map[*publicError][bodyTypes]*render.Output
)

func makeBodies() {
	bodies = map[*publicError][bodyTypes]*render.Output{}
	for _, pe := range []*publicError{errNoWidget, errUnknownFormat, errUnavailable, errNoBlogroll} {
		var b [bodyTypes]*render.Output
		// Gone means gone, quietly: a frame of no widget shows nothing on
		// the page it sits in and tells its host it is 0 pixels high; the
		// message is its title, for someone who opens the address.
		// A widget that cannot be shown just now is not gone: its frame
		// shows nothing but keeps its height, so the page does not jump.
		script := `<script>` + goneScript + `</script>`
		if pe.status == http.StatusServiceUnavailable {
			script = ""
		}
		b[asFrame] = render.NewOutput("text/html; charset=utf-8", []byte(`<!doctype html><html lang="en"><meta charset="utf-8">`+
			`<meta name="robots" content="noindex"><title>`+html.EscapeString(pe.msg)+`</title><body style="margin:0">`+script+"</body></html>\n"))
		b[asScript] = render.EmptyScript
		code := "not_found"
		if pe.status == http.StatusServiceUnavailable {
			code = "unavailable"
		}
		b[asJSON] = render.NewOutput("application/json; charset=utf-8", []byte(`{"error":"`+code+`","message":`+strconv.Quote(pe.msg)+"}\n"))
		b[asXML] = render.NewOutput("text/xml; charset=utf-8", []byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n<error>"+html.EscapeString(pe.msg)+"</error>\n"))
		// Included in someone's page on their server, or linked from it: a
		// comment, which shows nothing and breaks nothing around it.
		b[asFragment] = render.NewOutput("text/html; charset=utf-8", []byte("<!-- "+strings.ReplaceAll(pe.msg, "--", "-")+" -->\n"))
		b[asStylesheet] = render.NewOutput("text/css; charset=utf-8", []byte("/* "+strings.ReplaceAll(pe.msg, "*/", "* /")+" */\n"))
		bodies[pe] = b
	}
}

// asEmbed is the body type of an embed address's extension; a format we
// do not know answers as a frame.
func asEmbed(ext string) bodyType {
	switch ext {
	case ".js":
		return asScript
	case ".json":
		return asJSON
	case ".opml", ".atom", ".rss":
		return asXML
	case ".html":
		return asFragment
	case ".css":
		return asStylesheet
	}
	return asFrame
}
