package wpcom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wpcom-widgets/service/logs"
)

// DefaultBaseURL serves both /oauth2/* and /rest/*.
const DefaultBaseURL = "https://public-api.wordpress.com"

// Defaults for Options' zero values.
const (
	DefaultTimeout = 15 * time.Second
	maxBodyBytes   = 8 << 20 // an answer read whole; a longer one is refused
	// FollowingPageLimit is read/following/mine's page cap on version 1.2
	// ("The server caps each page at 100 rows", Calypso's subscription
	// manager, which asks for pages of 100).
	FollowingPageLimit = 100
	// LikedPageLimit is read/liked's documented cap on number.
	LikedPageLimit = 40
	// maxPages stops a paging loop that a misbehaving server would make endless.
	maxPages  = 100
	userAgent = "wpcom-widgets/1 (+https://github.com/wpcom-widgets/service)"
)

// Options configure a Client. The zero value talks to WordPress.com.
type Options struct {
	BaseURL string // DefaultBaseURL when empty
	// HTTPClient is used as given when set (its Timeout should not be 0);
	// otherwise the client builds one with Timeout.
	HTTPClient *http.Client
	Timeout    time.Duration // per request; DefaultTimeout when 0
	Logger     *slog.Logger
	// OnCall, if set, hears of every REST call: for metrics.
	OnCall func(endpoint string, took time.Duration, err error)
	// OnSkip, if set, hears of every list item skipped as unreadable.
	OnSkip func(endpoint string)
	// Pause holds every call off while WordPress.com throttles this app
	// (pause.go); this process's memory when nil, Redis for a fleet.
	Pause Pause
	// Budget spaces the app's calls to WordPress.com (budget.go): no limit
	// when nil; NewMemoryBudget for one process, Redis for a fleet.
	Budget Budget
	// OnBudget, if set, hears how long each call waited for its turn in
	// the budget, and of calls not sent (ErrOverBudget) or given up while
	// waiting (err): for metrics.
	OnBudget func(waited time.Duration, err error)
	// Now is the clock the pause is read with; time.Now when nil.
	Now func() time.Time
}

// Client calls the WordPress.com REST API on behalf of one member per call.
// It is safe for concurrent use.
type Client struct {
	base     *url.URL
	http     *http.Client
	maxBody  int64
	pageSize int
	log      *slog.Logger
	onCall   func(string, time.Duration, error)
	onSkip   func(string)
	pause    Pause
	budget   Budget // nil: no limit
	onBudget func(time.Duration, error)
	// queued and refused log long waits for the budget and calls it
	// refused, now and then: in a surge, every call meets them.
	queued, refused *logs.Sometimes
	now             func() time.Time
	shapes          shapes
}

// NewClient checks opts and returns a Client.
func NewClient(opts Options) (*Client, error) {
	base, err := parseBaseURL(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{base: base, http: opts.HTTPClient, maxBody: maxBodyBytes,
		pageSize: FollowingPageLimit, log: opts.Logger, onCall: opts.OnCall, onSkip: opts.OnSkip, pause: opts.Pause, now: opts.Now,
		budget: opts.Budget, onBudget: opts.OnBudget, queued: logs.NewSometimes(1, time.Minute), refused: logs.NewSometimes(1, time.Minute)}
	if c.http == nil {
		c.http = NewHTTPClient(opts.Timeout)
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.pause == nil {
		c.pause = NewMemoryPause()
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c, nil
}

// NewHTTPClient returns an http.Client with an overall timeout and bounded
// dial and header waits, for calls to WordPress.com.
func NewHTTPClient(timeout time.Duration) *http.Client {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 5 * time.Second
	t.ResponseHeaderTimeout = timeout
	t.MaxIdleConnsPerHost = 16
	return &http.Client{Timeout: timeout, Transport: t}
}

func parseBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("wpcom: base URL %q must be an absolute http(s) URL", raw)
	}
	return u, nil
}

// endpointURL joins the base URL, a path such as "/rest/v1.1/me" and a query.
func endpointURL(base *url.URL, path string, q url.Values) string {
	u := *base
	u.Path = strings.TrimRight(u.Path, "/") + path
	u.RawQuery = q.Encode() // encodes "+" as %2B, so "+00:00" survives
	return u.String()
}

// get fetches one REST endpoint (API version 1.1) as the owner of tok and
// decodes it into out.
func (c *Client) get(ctx context.Context, endpoint string, q url.Values, tok Token, out any) error {
	return c.getVersion(ctx, "v1.1", endpoint, q, tok, out)
}

// getVersion is get on another API version ("v1.2"). While WordPress.com
// throttles this app, nothing is sent: early retries only lengthen the wait.
// Each call waits for its turn in the budget first.
func (c *Client) getVersion(ctx context.Context, version, endpoint string, q url.Values, tok Token, out any) error {
	if err := c.paused(ctx, endpoint); err != nil {
		return err
	}
	if c.budget != nil {
		waited, err := c.awaitTurn(ctx, endpoint)
		if c.onBudget != nil {
			c.onBudget(waited, err)
		}
		if err != nil {
			return err
		}
		if waited > 0 { // a throttle may have come while it queued
			if err := c.paused(ctx, endpoint); err != nil {
				return err
			}
		}
	}
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpointURL(c.base, "/rest/"+version+"/"+endpoint, q), nil)
	if err != nil {
		return &Error{Kind: ErrBadRequest, Endpoint: endpoint, Err: err}
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+string(tok))
	}
	status, header, body, err := c.do(req, endpoint)
	if err == nil {
		err = decodeREST(endpoint, status, header, body, out, c.now())
	}
	var e *Error
	switch {
	case errors.As(err, &e) && e.LimitReached:
		now := c.now()
		until := c.pause.Throttled(ctx, now)
		e.RetryAfter = max(e.RetryAfter, until.Sub(now))
		c.log.Warn("WordPress.com says Limit reached: every call of this app waits", "endpoint", endpoint, "until", until.Format(time.RFC3339))
	case err == nil:
		c.pause.Cleared(ctx, c.now())
	}
	took := time.Since(start)
	c.log.Debug("wpcom call", "endpoint", endpoint, "status", status, "bytes", len(body), "duration", took, "err", err)
	if c.onCall != nil {
		c.onCall(endpoint, took, err)
	}
	return err
}

// paused says whether calls wait for WordPress.com's throttle to pass.
func (c *Client) paused(ctx context.Context, endpoint string) error {
	if now, until := c.now(), c.pause.Until(ctx); now.Before(until) {
		return &Error{Kind: ErrThrottled, Endpoint: endpoint, Message: "paused: WordPress.com throttled this app",
			RetryAfter: until.Sub(now)}
	}
	return nil
}

// do sends req and reads at most maxBody bytes of the answer. Transport
// errors are unwrapped from *url.Error first, because that type prints the
// URL, and token-info carries the token in its query string.
func (c *Client) do(req *http.Request, endpoint string) (int, http.Header, []byte, error) {
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, nil, transportError(endpoint, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	if err != nil {
		return resp.StatusCode, resp.Header, nil, transportError(endpoint, err)
	}
	if int64(len(body)) > c.maxBody {
		return resp.StatusCode, resp.Header, nil, &Error{Kind: ErrMalformed, Endpoint: endpoint, Status: resp.StatusCode,
			Message: fmt.Sprintf("response larger than %d bytes", c.maxBody)}
	}
	return resp.StatusCode, resp.Header, body, nil
}

func transportError(endpoint string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	kind := ErrNetwork
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		kind = ErrTimeout
	}
	return &Error{Kind: kind, Endpoint: endpoint, Err: err}
}

// restError is every error body WordPress.com uses: {error,message} on REST,
// {errors:[…]} now and then, {error,error_description} on OAuth endpoints.
type restError struct {
	Error       string `json:"error"`
	Message     string `json:"message"`
	Description string `json:"error_description"`
	Errors      []struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	} `json:"errors"`
}

func (r *restError) slug() (string, string) {
	if r.Error == "" && len(r.Errors) > 0 {
		return r.Errors[0].Error, r.Errors[0].Message
	}
	return r.Error, firstNonBlank(r.Message, r.Description)
}

// now dates a Retry-After given as an HTTP date.
func decodeREST(endpoint string, status int, header http.Header, body []byte, out any, now time.Time) error {
	fail := func(kind error, code, msg string, cause error) error {
		e := &Error{Kind: kind, Endpoint: endpoint, Status: status, Code: code, Message: msg, Err: cause}
		if kind == ErrThrottled {
			e.RetryAfter = retryAfter(header.Get("Retry-After"), now)
		}
		return e
	}
	trimmed := bytes.TrimSpace(body)
	isJSON := len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[')
	if !isJSON {
		// A throttled app gets a page saying "Limit reached", no JSON (the
		// iOS app looks for it in 400–500 answers).
		if status >= 400 && status <= 500 && bytes.Contains(body, []byte("Limit reached")) {
			e := fail(ErrThrottled, "throttled", "Limit reached", nil).(*Error)
			e.LimitReached = true
			return e
		}
		if status >= 200 && status < 300 {
			return fail(ErrMalformed, "", "response is not JSON", nil)
		}
		return fail(kindOf(status, ""), "", http.StatusText(status), nil)
	}
	var re restError
	_ = json.Unmarshal(trimmed, &re) // an array or odd shape simply has no slug
	if slug, msg := re.slug(); slug != "" {
		kind := kindOf(status, slug)
		if slug == "unauthorized" && strings.HasPrefix(endpoint, "read/") {
			// On the member's own reading lists, "unauthorized" means the
			// token no longer reaches them: WordPressKit maps it with
			// authorization_required, to signing in again.
			kind = ErrReconnect
		}
		e := fail(kind, slug, msg, nil).(*Error)
		e.LimitReached = kind == ErrThrottled && strings.Contains(msg, "Limit reached")
		return e
	}
	if status < 200 || status >= 300 {
		return fail(kindOf(status, ""), "", http.StatusText(status), nil)
	}
	if err := json.Unmarshal(trimmed, out); err != nil {
		return fail(ErrMalformed, "", "cannot decode response", err)
	}
	return nil
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && secs > 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
