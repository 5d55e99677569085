package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/logs"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/wpcom"
)

// OAuthFlow is the part of wpcom.OAuth signing in uses.
type OAuthFlow interface {
	AuthCodeURL(state string) string
	Exchange(ctx context.Context, code string) (*wpcom.Grant, error)
}

// MemberAPI is the part of wpcom.Client signing in uses.
type MemberAPI interface {
	Me(ctx context.Context, tok wpcom.Token) (*wpcom.Me, error)
}

// SignInStore is what signing in, out and disconnecting write.
type SignInStore interface {
	UseOAuthState(ctx context.Context, stateHash []byte, expires time.Time) error
	DeleteSession(ctx context.Context, idHash []byte) error
	WidgetsOf(ctx context.Context, accountID int64) ([]model.Widget, error)
	DeleteAccount(ctx context.Context, id int64) error
}

// Accounts is what signing in asks of the widgets service.
type Accounts interface {
	Connect(ctx context.Context, me *wpcom.Me, tok wpcom.Token, scope string) (model.Account, error)
	ForgetAccount(accountID int64, widgetIDs ...string)
}

// signIn is connecting a WordPress.com account, logging out and
// disconnecting.
type signIn struct {
	*core
	*sessions
	store    SignInStore
	oauth    OAuthFlow
	members  MemberAPI
	accounts Accounts
	tokens   *seal.Keyring // seals the state cookie (state.go)
	bundles  *bundles      // renderings to drop when a member disconnects
}

// login starts the authorization-code flow: a fresh single-use state,
// bound to this browser by a short-lived sealed cookie (state.go). Nothing
// is written anywhere, so anonymous visits cost no storage.
func (s *signIn) login(c *gin.Context) {
	state := randomValue()
	cookie, err := s.sealState(state, s.now().Add(stateTTL))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setCookie(c, stateCookie, cookie, "/auth", stateTTL)
	c.Redirect(http.StatusFound, s.oauth.AuthCodeURL(state))
}

// callback finishes the flow: state, code exchange, /me, account, session.
func (s *signIn) callback(c *gin.Context) {
	cookie, _ := c.Cookie(stateCookie)
	s.clearCookie(c, stateCookie, "/auth")
	state := c.Query("state")
	cookieState, expires, ok := s.openState(cookie)
	stateOK := ok && state != "" && s.now().Before(expires) &&
		subtle.ConstantTimeCompare([]byte(state), []byte(cookieState)) == 1

	if e := c.Query("error"); e != "" {
		if e == "access_denied" {
			s.message(c, http.StatusOK, messagePage{Title: "Not connected", Message: "You chose not to connect your WordPress.com account, so nothing was saved.",
				Detail: "If you change your mind, connect again at any time.", ConnectAgain: true})
			return
		}
		// What the provider says goes to the log only: a page that echoed
		// it would let anyone write text onto our page with a link. And
		// only for a sign-in this browser started: anyone can call this
		// address with any words.
		level := slog.LevelDebug
		if stateOK {
			level = slog.LevelWarn
		}
		s.log.Log(c.Request.Context(), level, "WordPress.com refused the sign-in",
			"error", logs.Clip(e), "description", logs.Clip(c.Query("error_description")))
		s.fail(c, errWPCOMRefused)
		return
	}
	if !stateOK {
		s.fail(c, errBadState)
		return
	}
	code := c.Query("code")
	if code == "" {
		s.fail(c, errBadState)
		return
	}

	grant, err := s.oauth.Exchange(c.Request.Context(), code)
	if err != nil {
		s.log.Warn("token exchange failed", "class", wpcom.Class(err), "err", err)
		s.fail(c, exchangeProblem(err))
		return
	}
	// A state works once, on any replica. It is recorded only now, so only
	// a real authorization writes a row.
	if err := s.store.UseOAuthState(c.Request.Context(), digest(state), expires); errors.Is(err, model.ErrUsed) {
		s.fail(c, errBadState)
		return
	} else if err != nil {
		s.fail(c, err)
		return
	}
	me, err := s.members.Me(c.Request.Context(), grant.Token)
	if err != nil {
		s.log.Warn("fetching /me failed", "class", wpcom.Class(err), "err", err)
		s.fail(c, errWPCOMDown)
		return
	}
	if !me.HasGlobalScope() {
		s.fail(c, errNotGlobal)
		return
	}
	a, err := s.accounts.Connect(c.Request.Context(), me, grant.Token, grant.Scope)
	if err != nil {
		s.fail(c, err)
		return
	}
	if old, err := c.Cookie(sessionCookie); err == nil && old != "" {
		_ = s.store.DeleteSession(c.Request.Context(), digest(old)) // whoever was signed in here is not any more
	}
	if err := s.startSession(c, a.ID); err != nil {
		s.fail(c, err)
		return
	}
	s.log.Info("account connected", "account", a.ID, "username", a.Username)
	c.Redirect(http.StatusSeeOther, "/dashboard")
}

func exchangeProblem(err error) error {
	switch {
	case errors.Is(err, wpcom.ErrInvalidGrant):
		return errCodeUsed
	case errors.Is(err, wpcom.ErrScope):
		return errNotGlobal
	case errors.Is(err, wpcom.ErrInvalidClient):
		return errMisconfigured
	default:
		return errWPCOMDown
	}
}

// logout ends this browser's session; the account and widgets stay.
func (s *signIn) logout(c *gin.Context) {
	if v, err := c.Cookie(sessionCookie); err == nil && v != "" {
		if err := s.store.DeleteSession(c.Request.Context(), digest(v)); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.clearCookie(c, sessionCookie, "/")
	c.Redirect(http.StatusSeeOther, "/")
}

// disconnect forgets the member: token, widgets, sessions, cached lists and
// renderings.
func (s *signIn) disconnect(c *gin.Context) {
	a := account(c)
	ws, err := s.store.WidgetsOf(c.Request.Context(), a.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.store.DeleteAccount(c.Request.Context(), a.ID); err != nil {
		s.fail(c, err)
		return
	}
	ids, live := make([]string, len(ws)), 0
	for i, w := range ws {
		ids[i] = w.ID
		s.bundles.forget(w.ID)
		if !w.Deleted() {
			live++
		}
	}
	s.accounts.ForgetAccount(a.ID, ids...)
	s.clearCookie(c, sessionCookie, "/")
	s.log.Info("account disconnected", "account", a.ID, "widgets_deleted", len(ws))
	// The widgets they had deleted are gone too; they had stopped counting them.
	s.message(c, http.StatusOK, messagePage{Title: "Disconnected",
		Message: fmt.Sprintf("We deleted your WordPress.com token, your %s and everything we had cached for them. Embedded copies now show nothing.", plural(live, "widget")),
		Detail:  "To be thorough, also remove this app on WordPress.com's connected applications page:", ConnectAgain: true, Revoke: true})
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
