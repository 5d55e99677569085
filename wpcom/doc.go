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
// Every REST call waits for its turn in the app's budget of calls
// (budget.go) and holds off while WordPress.com throttles the app
// (pause.go). The token exchange does neither: it is a person signing in,
// with a code that expires in moments, rate-limited per client upstream
// of it (WIDGETS_RATE_LIMIT).
// The access token is a Token, whose String method never prints it.
package wpcom
