package server

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/widgets"
	"github.com/wpcom-widgets/service/wpcom"

	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/store/storetest"
)

// waitingWidgets has nothing to show until the caller gives up (a cold
// cache waiting for WordPress.com), and says when it noticed.
type waitingWidgets struct{ gaveUp chan error }

func (w *waitingWidgets) View(ctx context.Context, _ string) (model.View, error) {
	select {
	case <-ctx.Done():
		w.gaveUp <- ctx.Err()
		return model.View{}, ctx.Err()
	case <-time.After(5 * time.Second):
		w.gaveUp <- errors.New("never cancelled")
		return model.View{}, errors.New("timed out")
	}
}

func (*waitingWidgets) Forget(string)                  {}
func (*waitingWidgets) ForgetAccount(int64, ...string) {}
func (*waitingWidgets) Connect(context.Context, *wpcom.Me, wpcom.Token, string) (model.Account, error) {
	return model.Account{}, nil
}
func (*waitingWidgets) Private(int64) (int, int, bool)          { return 0, 0, false }
func (*waitingWidgets) Freshness(int64) widgets.Freshness       { return widgets.Freshness{} }
func (*waitingWidgets) RefreshNow(context.Context, int64) error { return nil }
func (*waitingWidgets) Candidates(model.Widget) []model.Item    { return nil }

// TestRequestsCancel: gin's Context is a context.Context whose Done() is
// nil (unless ContextWithFallback is set, which races: see below), so a
// visitor who went away never cancelled what their request waited for.
func TestRequestsCancel(t *testing.T) {
	keys, _ := seal.NewKeyring(seal.GenerateKey())
	w := &waitingWidgets{gaveUp: make(chan error, 1)}
	h, err := New(Options{BaseURL: "http://127.0.0.1", Store: storetest.FreshSQLite(t), Keyring: keys,
		OAuth: fakeOAuth{}, Members: fakeMembers{}, Widgets: w})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/w/abcdefghijklmnopqrstuv", nil)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
	start := time.Now()
	if err := <-w.gaveUp; !errors.Is(err, context.Canceled) {
		t.Errorf("the view was not cancelled when the visitor left: %v", err)
	}
	if waited := time.Since(start); waited > 2*time.Second {
		t.Errorf("the view went on for %s after the visitor left", waited)
	}
}

// TestHandlersPassTheRequestContext: gin reuses its Context for the next
// request once a handler returns, so a *gin.Context handed to code that
// may outlive the handler (a driver's cancellation watcher does) races;
// handlers hand on c.Request.Context() instead.
func TestHandlersPassTheRequestContext(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	passesC := regexp.MustCompile(`\.(?:Store|OAuth|Members|Widgets)\.\w+\(c[,)]`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if passesC.MatchString(line) {
				t.Errorf("%s:%d passes the gin.Context as a context: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
