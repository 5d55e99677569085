package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/model"
)

const (
	sessionCookie = "widgets_session"
	stateCookie   = "widgets_oauth_state"
	sessionTTL    = 30 * 24 * time.Hour
	stateTTL      = 10 * time.Minute
	accountKey    = "account" // gin.Context key of the signed-in account
)

// SessionStore is what telling owners apart needs.
type SessionStore interface {
	CreateSession(ctx context.Context, s model.Session) error
	Session(ctx context.Context, idHash []byte, now time.Time) (model.Session, error)
	DeleteSession(ctx context.Context, idHash []byte) error
	Account(ctx context.Context, id int64) (model.Account, error)
}

// sessions is who is signed in: the session cookie, the owner-only gate,
// and the start page that greets either.
type sessions struct {
	*core
	store SessionStore
}

// randomValue is 32 random bytes, URL-safe: session ids and OAuth states.
func randomValue() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("server: no randomness: " + err.Error()) // crypto/rand does not fail on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// digest is what the store keeps instead of a cookie value, so that reading
// the database does not let anyone sign in.
func digest(v string) []byte {
	sum := sha256.Sum256([]byte(v))
	return sum[:]
}

func (s *core) setCookie(c *gin.Context, name, value, path string, maxAge time.Duration) {
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: value, Path: path, MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

func (s *core) clearCookie(c *gin.Context, name, path string) {
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// startSession signs an account in with a brand-new session id (never one
// the browser already had, so a planted cookie cannot be adopted).
func (s *sessions) startSession(c *gin.Context, accountID int64) error {
	id := randomValue()
	now := s.now()
	if err := s.store.CreateSession(c.Request.Context(), model.Session{IDHash: digest(id), AccountID: accountID,
		CreatedAt: now, ExpiresAt: now.Add(sessionTTL)}); err != nil {
		return err
	}
	s.setCookie(c, sessionCookie, id, "/", sessionTTL)
	return nil
}

// signedIn returns the account of the request's session, if any.
func (s *sessions) signedIn(c *gin.Context) (model.Account, bool, error) {
	v, err := c.Cookie(sessionCookie)
	if err != nil || v == "" {
		return model.Account{}, false, nil
	}
	se, err := s.store.Session(c.Request.Context(), digest(v), s.now())
	if errors.Is(err, model.ErrNotFound) {
		return model.Account{}, false, nil
	}
	if err != nil {
		return model.Account{}, false, err
	}
	a, err := s.store.Account(c.Request.Context(), se.AccountID)
	if errors.Is(err, model.ErrNotFound) {
		return model.Account{}, false, nil
	}
	return a, err == nil, err
}

// requireOwner lets signed-in owners through; others are sent to the start
// page (GET) or refused (anything else).
func (s *sessions) requireOwner(c *gin.Context) {
	a, ok, err := s.signedIn(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !ok {
		if c.Request.Method == http.MethodGet {
			c.Redirect(http.StatusSeeOther, "/")
			c.Abort()
			return
		}
		s.fail(c, errSignedOut)
		return
	}
	c.Set(accountKey, a)
	c.Next()
}

// requireOwnerInFrame is requireOwner for the live preview, whose answers
// land in a frame of the widget page: that frame cannot show an owner
// page (none may be framed), so a signed-out owner reads a sentence there.
func (s *sessions) requireOwnerInFrame(c *gin.Context) {
	a, ok, err := s.signedIn(c)
	switch {
	case err != nil:
		s.log.Warn("preview: reading the session failed", "err", err)
		previewNote(c, http.StatusServiceUnavailable, "The preview cannot be drawn just now. Try again in a moment.")
	case !ok:
		previewNote(c, http.StatusForbidden, "Your session has ended: reload the page to sign in again. Nothing was saved.")
	default:
		c.Set(accountKey, a)
		c.Next()
		return
	}
	c.Abort()
}

// account is the signed-in account; only call it behind requireOwner.
func account(c *gin.Context) model.Account { return c.MustGet(accountKey).(model.Account) }
