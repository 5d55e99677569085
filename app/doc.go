// Package app wires the service together from its settings: the store and
// the key that opens its tokens, the WordPress.com client and OAuth flow,
// the widgets service and the HTTP server. cmd/widgets calls it; so do tests
// that need the whole service (browser tests, several replicas in one
// process). It listens on nothing: the caller serves Handler.
package app
