package server

import (
	"strconv"

	"github.com/wpcom-widgets/service/render"
)

// embedProblem is why an embed answers 404. The set is fixed and so are
// the body types, so every 404 body is made once, at start: nothing a
// visitor sends (a made-up extension, say) becomes a key or a body.
type embedProblem int

const (
	unknownFormat embedProblem = iota
	noWidget
	unavailable
	noBlogroll
	embedProblems // how many there are
)

var embedProblemText = [embedProblems]string{
	unknownFormat: "Unknown format: use /w/ID, /w/ID.js, /w/ID.json or /w/ID.opml.",
	noWidget:      "There is no widget with this address. It may have been deleted.",
	unavailable:   "The widget cannot be shown just now.",
	noBlogroll:    "Only widgets of blogs you follow have an OPML blogroll.",
}

// embedType is the kind of body an embed address answers with.
type embedType int

const (
	embedHTML embedType = iota // /w/ID, and any format we do not know
	embedJS
	embedJSON
	embedXML
	embedTypes
)

func embedTypeOf(ext string) embedType {
	switch ext {
	case ".js":
		return embedJS
	case ".json":
		return embedJSON
	case ".opml":
		return embedXML
	}
	return embedHTML
}

// missingBodies holds a 404 body for every type and problem.
type missingBodies [embedTypes][embedProblems]*render.Output

func newMissingBodies() missingBodies {
	var m missingBodies
	for why, msg := range embedProblemText {
		m[embedHTML][why] = render.NewOutput("text/html; charset=utf-8", []byte(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Widget not found</title>`+
			`<p style="font:14px system-ui,sans-serif;color:#646970">`+xmlEscape(msg)+"</p></html>\n"))
		m[embedJS][why] = render.EmptyScript
		m[embedJSON][why] = render.NewOutput("application/json; charset=utf-8", []byte(`{"error":"not_found","message":`+strconv.Quote(msg)+"}\n"))
		m[embedXML][why] = render.NewOutput("text/xml; charset=utf-8", []byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n<error>"+xmlEscape(msg)+"</error>\n"))
	}
	return m
}
