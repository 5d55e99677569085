// Package images fetches the pictures a widget shows so the service can
// serve them from its own host: visitors' browsers never meet Gravatar,
// *.files.wordpress.com or a followed blog's host. This file's neighbour,
// fetch.go, is the only way out to those hosts, and it is hardened
// against server-side request forgery: the addresses it may reach are
// checked when it dials, on every redirect.
package images
