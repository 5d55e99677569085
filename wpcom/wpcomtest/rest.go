package wpcomtest

import (
	"cmp"
	"encoding/json"
	"net/http"
	"strings"
)

type restErr struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// rest wraps a REST handler with what every /rest/v1.x call goes through:
// counting, latency, faults, the rate limit, and bearer-token checks.
func (s *Simulator) rest(endpoint string, needGlobal bool, h func(http.ResponseWriter, *http.Request, *grant)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok := bearer(r.Header.Get("Authorization"))
		s.count(endpoint, tok)
		// The limit counts calls as they arrive; the answer, whatever it
		// is, takes the latency to come back. A call over the limit
		// starts a LimitReached penalty, which the fault answers.
		s.overLimit()
		s.opts.Latency.wait(r)
		if f, ok := s.faultFor(endpoint); ok && f.Kind == LimitReached {
			if s.limitReached(w, endpoint) {
				return
			}
		} else if ok && serveFault(w, r, f) {
			return
		}
		if tok == "" {
			writeJSON(w, http.StatusForbidden, restErr{"authorization_required",
				"An active access token must be used to query information about the current user."})
			return
		}
		s.mu.Lock()
		g, ok := s.tokens[tok]
		valid := ok && !g.revoked
		s.mu.Unlock()
		if !valid {
			// [I] 400 is the iOS stub's status; the body is as seen.
			writeJSON(w, http.StatusBadRequest, restErr{"invalid_token", "The OAuth2 token is invalid."})
			return
		}
		if needGlobal && g.scope != "global" {
			// [I] the exact message was not seen; the slug is WordPress.com's
			// permission error.
			writeJSON(w, http.StatusForbidden, restErr{"unauthorized", "This token does not have access to the Reader. A token with global scope is required."})
			return
		}
		h(w, r, g)
	}
}

// bearer reads "Bearer <token>"; the scheme is case-insensitive (the docs'
// own sample sends "BEARER").
func bearer(h string) string {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}

func (s *Simulator) me(w http.ResponseWriter, r *http.Request, g *grant) {
	m := g.member
	var tokenSite any = false
	if g.scope == "" {
		tokenSite = m.PrimaryBlogID
	}
	scope := []string{}
	if g.scope != "" {
		scope = strings.Fields(g.scope)
	}
	link := linkBase + "/rest/v1.1"
	writeJSON(w, http.StatusOK, map[string]any{
		"ID": m.ID, "display_name": m.DisplayName, "username": m.Username, "email": m.Email,
		"primary_blog": m.PrimaryBlogID, "primary_blog_url": m.PrimaryBlogURL, "primary_blog_is_jetpack": false,
		"language": cmp.Or(m.Language, "en"), "locale_variant": "", "token_site_id": tokenSite, "token_scope": scope,
		"token_client_id": atoiOr(g.clientID, 0),
		"avatar_URL":      s.img("https://0.gravatar.com/avatar/" + hash(m.Username) + "?s=96&d=identicon"),
		"profile_URL":     "https://gravatar.com/" + m.Username,
		"verified":        true, "email_verified": true, "date": wpTime(m.Joined),
		"site_count": 1, "visible_site_count": 1, "has_unseen_notes": false, "newest_note_type": "",
		"phone_account": false,
		"meta": map[string]any{"links": map[string]string{
			"self": link + "/me", "help": link + "/me/help",
			"site": link + "/sites/" + itoa(m.PrimaryBlogID), "flags": link + "/me/flags",
		}},
	})
}
