package server

import (
	"html"
	"strconv"
	"sync"

	"github.com/wpcom-widgets/service/render"
)

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
		b[asFrame] = render.NewOutput("text/html; charset=utf-8", []byte(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Widget not found</title>`+
			`<p style="font:14px system-ui,sans-serif;color:#646970">`+html.EscapeString(pe.msg)+"</p></html>\n"))
		b[asScript] = render.EmptyScript
		b[asJSON] = render.NewOutput("application/json; charset=utf-8", []byte(`{"error":"not_found","message":`+strconv.Quote(pe.msg)+"}\n"))
		b[asXML] = render.NewOutput("text/xml; charset=utf-8", []byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n<error>"+html.EscapeString(pe.msg)+"</error>\n"))
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
	case ".opml":
		return asXML
	}
	return asFrame
}
