package wpcom

import (
	"bytes"
	"encoding/json"
	"errors"
	"sync"
)

// decodeItems decodes a page's items one by one. null items are dropped
// (Calypso filters them out too); an item that cannot be decoded (an id
// that is not a number, an item that is not an object) is skipped and
// reported, and the rest of the page stands.
func decodeItems[T any](c *Client, endpoint string, raw items) []T {
	out := make([]T, 0, len(raw))
	for _, r := range raw {
		r = bytes.TrimSpace(r)
		if len(r) == 0 || bytes.Equal(r, []byte("null")) {
			continue
		}
		var v T
		if err := json.Unmarshal(r, &v); err != nil {
			c.skipped(endpoint, err)
			continue
		}
		out = append(out, v)
	}
	return out
}

// maxShapes bounds how many odd shapes are remembered for logging once.
const maxShapes = 256

// shapes remembers which odd shapes were logged already.
type shapes struct {
	mu   sync.Mutex
	seen map[string]bool
}

// skipped logs a skipped item once per shape: the field's path and the
// JSON kind it had (never the value: it could be anything, and no token
// is ever in it, but a log line per bad item could be a flood).
func (c *Client) skipped(endpoint string, err error) {
	path, kind := "(item)", "undecodable"
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		if te.Field != "" {
			path = te.Field
		}
		kind = te.Value
	case errors.As(err, &se):
		kind = "invalid JSON"
	}
	if c.onSkip != nil {
		c.onSkip(endpoint)
	}
	key := endpoint + " " + path + " " + kind
	c.shapes.mu.Lock()
	first := !c.shapes.seen[key] && len(c.shapes.seen) < maxShapes
	if first {
		if c.shapes.seen == nil {
			c.shapes.seen = map[string]bool{}
		}
		c.shapes.seen[key] = true
	}
	c.shapes.mu.Unlock()
	if first {
		c.log.Warn("skipped an item WordPress.com sent in a shape we cannot read (logged once per shape)",
			"endpoint", endpoint, "field", path, "shape", kind, "err", cut(err.Error(), 200))
	}
}

// cut keeps at most n bytes of s: an error may quote what was sent.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
