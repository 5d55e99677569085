// Package wpcom talks to WordPress.com: the OAuth2 authorization-code flow
// (golang.org/x/oauth2 with a hand-declared endpoint, because WordPress.com is
// not in x/oauth2/endpoints) and a small REST client for the three calls the
// widgets need: /me, read/following/mine and read/liked.
//
// The client decodes the shapes WordPress.com really sends (IDs as strings,
// numbers or false; site names only inside meta.data.site in older answers;
// missing icons; dates with offsets) into plain Go values, pages through both
// lists, and turns every failure into an *Error whose Kind is one of the ErrXxx
// sentinels, so callers branch with errors.Is. Text fields are passed on as
// WordPress.com sent them (HTML entities and markup included): package widgets
// cleans them (with package clean) as it turns them into the items a widget
// shows, before anything renders them.
//
// Every request has a timeout, a User-Agent and a cap on the response size.
// The access token is a Token, whose String method never prints it.
package wpcom
