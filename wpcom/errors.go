package wpcom

import (
	"errors"
	"fmt"
	"time"
)

// The kinds of failure. Every error the client returns is an *Error whose
// Kind is one of these, so callers write errors.Is(err, wpcom.ErrReconnect).
var (
	// ErrReconnect: the token was revoked or is invalid (invalid_token,
	// authorization_required). Only the owner can fix it, by connecting again.
	ErrReconnect = errors.New("wpcom: the owner must reconnect WordPress.com")
	// ErrThrottled: WordPress.com asks us to slow down (throttled, or an HTML
	// "Limit reached" page). Back off; RetryAfter says how long when known.
	ErrThrottled = errors.New("wpcom: throttled by WordPress.com")
	// ErrOverBudget: the call was not sent, because its turn in the app's
	// budget of calls (budget.go) was further off than it could wait.
	// RetryAfter says how far.
	ErrOverBudget = errors.New("wpcom: not sent: the budget of calls to WordPress.com is spoken for")
	// ErrUnauthorized: the token is valid but may not do this (unauthorized),
	// for example a token without the global scope.
	ErrUnauthorized = errors.New("wpcom: not allowed")
	// ErrNotFound: HTTP 404 (unknown_blog and friends).
	ErrNotFound = errors.New("wpcom: not found")
	// ErrServer: HTTP 5xx from WordPress.com.
	ErrServer = errors.New("wpcom: WordPress.com server error")
	// ErrMalformed: an answer we cannot use: bad JSON, wrong shape, too large.
	ErrMalformed = errors.New("wpcom: malformed response")
	// ErrTimeout: no answer in time.
	ErrTimeout = errors.New("wpcom: timed out")
	// ErrNetwork: the request did not get through (DNS, refused, reset).
	ErrNetwork = errors.New("wpcom: network error")
	// ErrBadRequest: any other 4xx, usually a bug on our side.
	ErrBadRequest = errors.New("wpcom: bad request")
	// ErrInvalidGrant: the authorization code is unknown, used or expired.
	ErrInvalidGrant = errors.New("wpcom: authorization code rejected")
	// ErrInvalidClient: WordPress.com does not accept our client id or secret.
	ErrInvalidClient = errors.New("wpcom: client id or secret rejected")
	// ErrScope: WordPress.com granted a token without the global scope.
	ErrScope = errors.New("wpcom: token lacks the global scope")
)

// Error is a failed call to WordPress.com.
type Error struct {
	Kind     error  // one of the ErrXxx sentinels
	Endpoint string // e.g. "read/liked", "oauth2/token"
	Status   int    // HTTP status; 0 when no response arrived
	Code     string // WordPress.com's error slug, e.g. "invalid_token"
	Message  string // WordPress.com's message, or ours
	// RetryAfter is how long WordPress.com asked us to wait; 0 when unsaid.
	RetryAfter time.Duration
	// LimitReached: WordPress.com said "Limit reached": the app, not just
	// this call, is throttled, and every call waits (pause.go).
	LimitReached bool
	Err          error // the underlying transport or decoding error, if any
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("%s: %s", e.Kind, e.Endpoint)
	if e.Status != 0 {
		msg += fmt.Sprintf(": HTTP %d", e.Status)
	}
	if e.Code != "" {
		msg += ": " + e.Code
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap exposes both the kind and the cause to errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Kind, e.Err}
	}
	return []error{e.Kind}
}

// Class names the kind of err in one word, for logs and metrics:
// reconnect, throttled, over_budget, unauthorized, not_found, server, malformed, timeout,
// network, bad_request, invalid_grant, invalid_client, scope, or other.
func Class(err error) string {
	for _, c := range classes {
		if errors.Is(err, c.kind) {
			return c.name
		}
	}
	return "other"
}

var classes = []struct {
	kind error
	name string
}{
	{ErrReconnect, "reconnect"}, {ErrThrottled, "throttled"}, {ErrOverBudget, "over_budget"},
	{ErrUnauthorized, "unauthorized"},
	{ErrNotFound, "not_found"}, {ErrServer, "server"}, {ErrMalformed, "malformed"},
	{ErrTimeout, "timeout"}, {ErrNetwork, "network"}, {ErrBadRequest, "bad_request"},
	{ErrInvalidGrant, "invalid_grant"}, {ErrInvalidClient, "invalid_client"}, {ErrScope, "scope"},
}

// kindOf maps a REST error slug and status to a kind. The mobile apps branch
// on the slug first and the status second; so do we.
func kindOf(status int, slug string) error {
	switch slug {
	case "invalid_token", "authorization_required", "access_denied", "needs_2fa":
		return ErrReconnect
	case "throttled":
		return ErrThrottled
	case "unauthorized":
		return ErrUnauthorized
	}
	switch {
	case status == 404:
		return ErrNotFound
	case status == 429:
		return ErrThrottled
	case status >= 500:
		return ErrServer
	case status == 401:
		return ErrReconnect
	case status == 403:
		return ErrUnauthorized
	default:
		return ErrBadRequest
	}
}
