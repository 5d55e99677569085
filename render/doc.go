// Package render is pure: from a feed and its widget's settings it produces
// the HTML fragment, the framed document, the script embed, oEmbed JSON and
// XML, JSON Feed 1.1 and OPML 2.0, each as bytes with a strong ETag and a
// gzip copy, computed once per feed version. It does no I/O.
package render
