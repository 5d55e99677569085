// Package render is pure: from a model.View (a widget and the items it
// shows) drawn on a Site (drawing.go: the base URL, assets, pictures) it
// produces the HTML fragment, the framed document, the script embed,
// oEmbed JSON and XML, JSON Feed 1.1 and OPML 2.0, each as an Output
// (bytes, gzip copy, strong ETag), and the snippets owners copy. It does
// no I/O; callers render once per data version and serve the bytes many
// times.
package render
