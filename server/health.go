package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// healthz says the process is up and serving; it checks nothing else, so a
// load balancer does not take a replica out when a dependency blips.
func (s *ops) healthz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.String(http.StatusOK, "ok\n")
}

// ReadyCheck is a dependency /readyz reports on besides the database.
// Optional ones (Redis) are reported but do not make the replica unready:
// the service degrades without them, and marking every replica unready at
// once because a shared cache is down would turn a slowdown into an outage.
type ReadyCheck struct {
	Name     string
	Required bool
	Check    func(ctx context.Context) error
	Degraded string // what not answering means, for people reading the page
}

// ops are the addresses load balancers and people operating the service
// ask: is the process up, and is each dependency answering.
type ops struct {
	*core
	checks []ReadyCheck // the database first
}

// readyz tells the truth about each dependency, one line each, and answers
// 503 when a required one (the database) does not answer: owner pages
// cannot work then, though embeds keep serving from memory.
func (s *ops) readyz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	checks := s.checks
	var b strings.Builder
	status := http.StatusOK
	for _, ch := range checks {
		if err := ch.Check(ctx); err != nil {
			if ch.Required {
				status = http.StatusServiceUnavailable
			}
			fmt.Fprintf(&b, "%s: not answering (%s)\n", ch.Name, ch.Degraded)
			// Debug: probes ask every few seconds, and the outage is
			// logged where it is met (once for Redis).
			s.log.Debug("readiness: a dependency does not answer", "dependency", ch.Name, "err", err)
			continue
		}
		fmt.Fprintf(&b, "%s: ok\n", ch.Name)
	}
	c.String(status, "%s", b.String())
}
