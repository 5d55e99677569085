// Package images serves the pictures a widget shows from the service's
// own host: visitors' browsers never meet Gravatar, *.files.wordpress.com
// or a followed blog's host. fetch.go is the only way out to those hosts,
// hardened against server-side request forgery (the addresses it may
// reach are checked when it dials, on every redirect); resize.go makes the
// small squares widgets show; proxy.go and disk.go keep them, in memory
// and in files under a size cap; warm.go and warmer.go make them in the
// background before their first visitor asks.
package images
