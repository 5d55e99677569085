// Package wpcomtest is a WordPress.com simulator for tests and for the
// service's -demo mode: an http.Handler (New) and a loopback server
// (NewServer) that speak the OAuth2 and REST endpoints the service uses, with
// the field names, types, paging, limits and error bodies WordPress.com's
// REST API uses (the v1.1 and v1.2 reader endpoints, as seen on the wire),
// and the odd shapes real answers take (odd.go).
//
// What it serves:
//
//	GET/POST /oauth2/authorize      consent page with Approve and Deny
//	POST     /oauth2/token          authorization_code grant, secret in the form body
//	GET      /oauth2/token-info     whom a token belongs to
//	GET      /rest/v1.{1,2}/me
//	GET      /rest/v1.{1,2}/read/following/mine
//	GET      /rest/v1.{1,2}/read/liked
//
// It checks what WordPress.com checks (client id, secret, exact redirect_uri,
// single-use codes, scopes, tokens) and answers with WordPress.com's error
// shapes. Tests steer it with switches (AutoApprove, Revoke, SetFault) and
// read its per-endpoint, per-token request counters (Calls). For runs at
// scale it can answer as slowly as the internet does (Options.Latency)
// and throttle the app as WordPress.com does (Options.RateLimit).
//
// Where the reference marks a behaviour as inferred rather than seen, the
// simulator picks the stricter reading and says so in a comment marked [I].
package wpcomtest
