package wpcomtest

import (
	"crypto/rand"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// codeTTL bounds an authorization code's life. [I] WordPress.com says only
// that codes are "time-limited".
const codeTTL = 10 * time.Minute

type authCode struct {
	clientID, redirectURI, scope string
	member                       *Member
	issued                       time.Time
	used                         bool
}

type grant struct {
	token, clientID, scope string
	member                 *Member
	revoked                bool
}

// validScopes are the scope names WordPress.com documents; "global" and
// "auth" may not be combined with anything.
var validScopes = map[string]bool{
	"global": true, "auth": true, "posts": true, "comments": true, "taxonomy": true, "follow": true,
	"sharing": true, "freshly-pressed": true, "notifications": true, "insights": true, "read": true,
	"stats": true, "media": true, "menus": true, "sites": true, "users": true,
}

// authRequest is a checked /oauth2/authorize request.
type authRequest struct {
	app                       App
	redirectURI, scope, state string
}

// checkAuthorize validates the authorize parameters as WordPress.com does.
// It returns an error code and message for the error page; it never
// redirects to an unregistered redirect_uri.
func (s *Simulator) checkAuthorize(q url.Values) (authRequest, string, string) {
	s.mu.Lock()
	app, ok := s.apps[q.Get("client_id")]
	s.mu.Unlock()
	ar := authRequest{app: app, redirectURI: q.Get("redirect_uri"), scope: q.Get("scope"), state: q.Get("state")}
	switch {
	case q.Get("client_id") == "" || !ok:
		return ar, "invalid_client", "Unknown client_id."
	case ar.redirectURI == "":
		return ar, "invalid_request", "Missing redirect_uri."
	case !contains(app.RedirectURIs, ar.redirectURI):
		return ar, "invalid_request", "Invalid redirect_uri: it must exactly match a redirect URL registered for this application."
	case q.Get("response_type") != "code":
		// The implicit flow (response_type=token) exists but this service never uses it.
		return ar, "unsupported_response_type", "Only response_type=code is supported here."
	}
	if ar.scope != "" {
		scopes := strings.Fields(ar.scope)
		for _, sc := range scopes {
			if !validScopes[sc] || ((sc == "global" || sc == "auth") && len(scopes) > 1) {
				return ar, "invalid_request", `Invalid "scope". See https://developer.wordpress.com/docs/oauth2/#token-scope`
			}
		}
	}
	return ar, "", ""
}

func (s *Simulator) authorizePage(w http.ResponseWriter, r *http.Request) {
	s.count(EndpointAuthorize, "")
	ar, code, msg := s.checkAuthorize(r.URL.Query())
	if code != "" {
		s.errorPage(w, code, msg)
		return
	}
	s.mu.Lock()
	auto := s.memberLocked(s.autoApprove)
	members := append([]*Member(nil), s.members...)
	s.mu.Unlock()
	if auto != nil {
		s.approve(w, r, ar, auto)
		return
	}
	s.consentPage(w, r, ar, members)
}

func (s *Simulator) authorizeDecision(w http.ResponseWriter, r *http.Request) {
	s.count(EndpointAuthorize, "")
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, "invalid_request", "Malformed form.")
		return
	}
	// The hidden fields are re-checked: a form can be edited.
	ar, code, msg := s.checkAuthorize(r.PostForm)
	if code != "" {
		s.errorPage(w, code, msg)
		return
	}
	if r.PostForm.Get("action") != "approve" {
		q := url.Values{"error": {"access_denied"}, "error_description": {"The user denied access to your application."}}
		redirectWith(w, r, ar.redirectURI, q, ar.state)
		return
	}
	m := s.Member(r.PostForm.Get("user"))
	if m == nil {
		s.errorPage(w, "invalid_request", "Choose whom to log in as.")
		return
	}
	s.approve(w, r, ar, m)
}

func (s *Simulator) approve(w http.ResponseWriter, r *http.Request, ar authRequest, m *Member) {
	code := randomString(codeAlphabet, 10)
	s.mu.Lock()
	s.codes[code] = &authCode{clientID: ar.app.ClientID, redirectURI: ar.redirectURI, scope: ar.scope, member: m, issued: s.opts.Now()}
	s.mu.Unlock()
	redirectWith(w, r, ar.redirectURI, url.Values{"code": {code}}, ar.state)
}

func redirectWith(w http.ResponseWriter, r *http.Request, to string, q url.Values, state string) {
	if state != "" {
		q.Set("state", state)
	}
	u, _ := url.Parse(to) // checked against the registered URIs already
	merged := u.Query()
	for k, v := range q {
		merged[k] = v
	}
	u.RawQuery = merged.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// oauthErr is the OAuth endpoints' error body.
type oauthErr struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

func (s *Simulator) token(w http.ResponseWriter, r *http.Request) {
	s.count(EndpointToken, "")
	fail := func(code, desc string) { writeJSON(w, http.StatusBadRequest, oauthErr{code, desc}) }
	if r.Method != http.MethodPost {
		fail("invalid_request", "The token endpoint takes POST.")
		return
	}
	if err := r.ParseForm(); err != nil {
		fail("invalid_request", "Malformed form body.")
		return
	}
	f := r.PostForm // the body only: credentials in the query string do not count
	s.mu.Lock()
	defer s.mu.Unlock()
	app, ok := s.apps[f.Get("client_id")]
	switch {
	case f.Get("client_id") == "" || !ok:
		fail("invalid_client", "Unknown client_id.")
		return
	case f.Get("client_secret") == "":
		// Only form-body credentials are documented; a Basic header alone is
		// not accepted. [I] whether WordPress.com reads Basic is unverified.
		fail("invalid_client", "client_secret is missing from the request body.")
		return
	case subtle.ConstantTimeCompare([]byte(f.Get("client_secret")), []byte(app.Secret)) != 1:
		fail("invalid_client", "Invalid client_secret.")
		return
	case f.Get("grant_type") != "authorization_code":
		fail("unsupported_grant_type", "This client may use only the authorization_code grant.")
		return
	}
	c, ok := s.codes[f.Get("code")]
	switch {
	case f.Get("code") == "" || !ok:
		fail("invalid_grant", "Invalid authorization code.")
		return
	case c.used:
		fail("invalid_grant", "The authorization code has already been used.")
		return
	case c.clientID != app.ClientID:
		fail("invalid_grant", "The authorization code was issued to another client.")
		return
	case s.opts.Now().Sub(c.issued) > codeTTL:
		fail("invalid_grant", "The authorization code has expired.")
		return
	case f.Get("redirect_uri") != c.redirectURI:
		fail("invalid_grant", "redirect_uri does not match the one used to authorize.")
		return
	}
	c.used = true
	tok := randomString(tokenAlphabet, 64)
	s.tokens[tok] = &grant{token: tok, clientID: app.ClientID, scope: c.scope, member: c.member}
	var blogID any = 0
	var blogURL any // null for global tokens
	if s.blogIDStr {
		blogID = "0"
	}
	if c.scope == "" { // a token for the member's primary blog
		blogID, blogURL = strconv.FormatInt(c.member.PrimaryBlogID, 10), c.member.PrimaryBlogURL
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok, "token_type": "bearer", "blog_id": blogID, "blog_url": blogURL, "scope": c.scope,
	})
}

func (s *Simulator) tokenInfo(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.count(EndpointTokenInfo, q.Get("token"))
	s.mu.Lock()
	g, ok := s.tokens[q.Get("token")]
	valid := ok && !g.revoked && g.clientID == q.Get("client_id")
	s.mu.Unlock()
	if !valid {
		writeJSON(w, http.StatusBadRequest, oauthErr{"invalid_request", "The specified token is invalid."})
		return
	}
	blogID := "0"
	if g.scope == "" {
		blogID = strconv.FormatInt(g.member.PrimaryBlogID, 10)
	}
	// [I] value types were not seen; numeric strings, which clients must accept.
	writeJSON(w, http.StatusOK, map[string]string{
		"client_id": g.clientID, "user_id": strconv.FormatInt(g.member.ID, 10), "blog_id": blogID, "scope": g.scope,
	})
}

// Revoke invalidates one token, as if its owner removed the app at
// wordpress.com/me/security/connected-applications.
func (s *Simulator) Revoke(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g, ok := s.tokens[token]; ok {
		g.revoked = true
	}
}

// RevokeMember invalidates every token a member holds.
func (s *Simulator) RevokeMember(username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, g := range s.tokens {
		if g.member.Username == username {
			g.revoked = true
		}
	}
}

// Tokens lists the live tokens issued for a member, newest last order not
// guaranteed; tests use it to act as the service would with a stored token.
func (s *Simulator) Tokens(username string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for t, g := range s.tokens {
		if g.member.Username == username && !g.revoked {
			out = append(out, t)
		}
	}
	return out
}

// IssueToken mints a token for a member without the browser dance, for tests
// of the REST endpoints. scope is usually "global".
func (s *Simulator) IssueToken(clientID, username, scope string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.memberLocked(username)
	if m == nil {
		panic("wpcomtest: IssueToken: no member " + username)
	}
	tok := randomString(tokenAlphabet, 64)
	s.tokens[tok] = &grant{token: tok, clientID: clientID, scope: scope, member: m}
	return tok
}

const (
	codeAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	// Real tokens contain %, &, (, ), @ and ^; so do ours, to catch clients
	// that forget to send them verbatim or to encode them in query strings.
	tokenAlphabet = codeAlphabet + "%&()@^"
)

func randomString(alphabet string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
