package server

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

func TestClientKey(t *testing.T) {
	for _, tc := range []struct{ remote, want string }{
		{"203.0.113.7:4000", "203.0.113.7"},
		{"[::ffff:203.0.113.7]:4000", "203.0.113.7"},
		{"[2001:db8:1:2ff:aaaa::1]:4000", "2001:db8:1:200::/56"},
		{"[2001:db8:1:2aa:bbbb::9]:4000", "2001:db8:1:200::/56"}, // another /64 of the same customer
	} {
		c, _ := gin.CreateTestContext(httptest.NewRecorder())
		c.Request = httptest.NewRequest("GET", "/", nil)
		c.Request.RemoteAddr = tc.remote
		if got := clientKey(c); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.remote, got, tc.want)
		}
	}
}

func TestLimiterRefillsAndForgets(t *testing.T) {
	l := newLimiter(60) // one a second, a burst of 60
	now := time.Now()
	for i := range 60 {
		if ok, _ := l.allow("a", now); !ok {
			t.Fatalf("request %d refused within the budget", i+1)
		}
	}
	if ok, wait := l.allow("a", now); ok || wait != time.Second {
		t.Errorf("past the budget: %v, wait %v", ok, wait)
	}
	if ok, _ := l.allow("b", now); !ok {
		t.Error("another client shares the first one's budget")
	}
	if ok, _ := l.allow("a", now.Add(time.Second)); !ok {
		t.Error("no refill after a second")
	}
	if newLimiter(0) != nil {
		t.Error("a limit of 0 is not off")
	}
}
