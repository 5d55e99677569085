package wpcom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// Scope is the only scope that may read a member's following and liked
// lists: "global" (all their blogs), not combinable with other scopes.
const Scope = "global"

// OAuth is WordPress.com's authorization-code flow for one registered app.
type OAuth struct {
	cfg      *oauth2.Config
	base     *url.URL
	clientID string
	http     *http.Client
	maxBody  int64
}

// NewOAuth configures the flow. redirectURL must equal, byte for byte, a
// redirect URL registered for the app at developer.wordpress.com/apps.
// hc carries the timeout for the token exchange; nil gives NewHTTPClient's.
func NewOAuth(baseURL, clientID, clientSecret, redirectURL string, hc *http.Client) (*OAuth, error) {
	base, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	if clientID == "" || clientSecret == "" {
		return nil, errors.New("wpcom: OAuth needs a client id and a client secret")
	}
	if hc == nil {
		hc = NewHTTPClient(0)
	}
	return &OAuth{
		cfg: &oauth2.Config{
			ClientID:     clientID,
			ClientSecret: clientSecret,
			RedirectURL:  redirectURL,
			Scopes:       []string{Scope},
			// WordPress.com is not in x/oauth2/endpoints. Every documented
			// client sends the secret in the form body; AuthStyleInParams
			// keeps x/oauth2 from spending the single-use code on a Basic
			// attempt first.
			Endpoint: oauth2.Endpoint{
				AuthURL:   endpointURL(base, "/oauth2/authorize", nil),
				TokenURL:  endpointURL(base, "/oauth2/token", nil),
				AuthStyle: oauth2.AuthStyleInParams,
			},
		},
		base: base, clientID: clientID, http: hc, maxBody: maxBodyBytes,
	}, nil
}

// AuthCodeURL is where to send the owner's browser: response_type=code,
// client_id, redirect_uri, scope=global and state.
func (o *OAuth) AuthCodeURL(state string) string { return o.cfg.AuthCodeURL(state) }

// RedirectURL is the callback URL the flow was configured with.
func (o *OAuth) RedirectURL() string { return o.cfg.RedirectURL }

// Grant is what the token endpoint answers for an authorization code.
type Grant struct {
	Token Token
	Scope string
	// BlogID is 0 for a global token; the wire says 0 or "0".
	BlogID ID
	// BlogURL is "" for a global token; the wire says null.
	BlogURL string
}

// Exchange trades an authorization code for a token. It fails with
// ErrInvalidGrant for a bad, used or expired code, ErrInvalidClient for bad
// app credentials, and ErrScope when the token is not a global one.
func (o *OAuth) Exchange(ctx context.Context, code string) (*Grant, error) {
	ctx = context.WithValue(ctx, oauth2.HTTPClient, o.http)
	tok, err := o.cfg.Exchange(ctx, code)
	if err != nil {
		return nil, exchangeError(err)
	}
	g := &Grant{Token: Token(tok.AccessToken)}
	if s, ok := tok.Extra("scope").(string); ok {
		g.Scope = s
	}
	if s, ok := tok.Extra("blog_url").(string); ok {
		g.BlogURL = s
	}
	switch v := tok.Extra("blog_id").(type) {
	case float64:
		g.BlogID = ID(v)
	case string:
		_ = g.BlogID.UnmarshalJSON([]byte(`"` + v + `"`)) // a non-number stays 0
	}
	if !strings.EqualFold(tok.TokenType, "bearer") {
		return nil, &Error{Kind: ErrMalformed, Endpoint: "oauth2/token", Message: fmt.Sprintf("token_type %q, want bearer", tok.TokenType)}
	}
	if g.Scope != Scope {
		return nil, &Error{Kind: ErrScope, Endpoint: "oauth2/token", Message: fmt.Sprintf("granted scope %q, want %q", g.Scope, Scope)}
	}
	return g, nil
}

func exchangeError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return transportError("oauth2/token", err)
	}
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	e := &Error{Endpoint: "oauth2/token", Status: status, Code: re.ErrorCode, Message: re.ErrorDescription}
	switch re.ErrorCode {
	case "invalid_grant":
		e.Kind = ErrInvalidGrant
	case "invalid_client", "invalid_secret":
		e.Kind = ErrInvalidClient
	case "":
		e.Kind = kindOf(status, "")
		if status >= 200 && status < 300 {
			e.Kind = ErrMalformed
		}
		e.Message = "token endpoint answered without an error code"
	default:
		e.Kind = kindOf(status, re.ErrorCode)
	}
	return e
}
