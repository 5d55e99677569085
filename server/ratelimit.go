package server

import (
	"math"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	gocache "github.com/patrickmn/go-cache"
	"golang.org/x/time/rate"
)

// Bounds on what the rate limiter keeps: a client is forgotten after
// clientIdle without requests, and at most maxClients are tracked; past
// that, new clients share one limiter, so a flood from many addresses
// slows sign-ins for strangers rather than growing memory.
const (
	clientIdle = 10 * time.Minute
	maxClients = 100_000
)

// limiter gives each client (an IPv4 address, or an IPv6 /56) a budget of
// requests a minute, refilled steadily, in this replica. The budget is the
// burst too: an owner saving a few forms in a row is never slowed.
type limiter struct {
	perMinute int
	clients   *gocache.Cache // client key -> *rate.Limiter
	mu        sync.Mutex     // makes get-or-create atomic
	overflow  *rate.Limiter
}

func newLimiter(perMinute int) *limiter {
	if perMinute <= 0 {
		return nil
	}
	return &limiter{perMinute: perMinute, clients: gocache.New(clientIdle, clientIdle),
		overflow: rate.NewLimiter(rate.Limit(float64(perMinute)/60), perMinute)}
}

// allow takes one request from the client's budget; when it is spent it
// says how long until the next request would pass.
func (l *limiter) allow(client string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	var lim *rate.Limiter
	if v, ok := l.clients.Get(client); ok {
		lim = v.(*rate.Limiter)
	} else if l.clients.ItemCount() < maxClients {
		lim = rate.NewLimiter(rate.Limit(float64(l.perMinute)/60), l.perMinute)
	} else {
		lim = l.overflow
	}
	if lim != l.overflow {
		l.clients.SetDefault(client, lim) // idle time counts from the last request
	}
	l.mu.Unlock()
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now) // a refused request costs nothing
		return false, d
	}
	return true, 0
}

// clientKey is who a request is from, as resolved through the trusted
// proxies (gin's ClientIP): an IPv4 address, or the /56 an IPv6 address
// belongs to (what providers commonly hand one customer, so one customer
// cannot take a budget for each of their 256 /64s).
func clientKey(c *gin.Context) string {
	ip := net.ParseIP(c.ClientIP())
	if ip == nil {
		return c.ClientIP()
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.String()
	}
	return ip.Mask(net.CIDRMask(56, 128)).String() + "/56"
}

// rateLimit answers 429 with Retry-After to a client past its budget.
func (s *core) rateLimit(l *limiter) gin.HandlerFunc {
	return func(c *gin.Context) {
		if l == nil {
			c.Next()
			return
		}
		if !s.trusted && c.GetHeader("X-Forwarded-For") != "" {
			s.proxyWarning.Do(func() {
				s.log.Warn("a request came through a proxy, but WIDGETS_TRUSTED_PROXIES is empty: every client behind it shares one rate limit budget; set it to the proxy's address",
					"proxy", c.RemoteIP())
			})
		}
		if ok, wait := l.allow(clientKey(c), s.now()); !ok {
			c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			s.fail(c, errTooMany)
			return
		}
		c.Next()
	}
}
