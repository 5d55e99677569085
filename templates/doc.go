// Package templates holds the service's presentation, embedded into the
// binary: the owner pages (*.html.tmpl, parsed by Parse once at start),
// static assets (static/: stylesheets, scripts, icons), and the embed's
// own markup, stylesheet and scripts (embed/), which render.Load reads
// with EmbedAsset and parses once at start. It contains no logic beyond
// presentation.
package templates
