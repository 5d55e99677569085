// Package widgets is the domain: widget kinds ("following", "liked") and
// their settings with validation and WordPress.com's defaults, the Feed and
// Item types a widget shows, and the Service that turns a public widget id
// into a feed (store + cache + refresh policy). It knows nothing of HTTP or
// HTML.
package widgets
