package server

import (
	"sync"
	"sync/atomic"
)

// A cached embed is answered with header values that are the same for
// every hit: its Cache-Control, its X-Accel-Expires, its
// Content-Security-Policy. An http.Header holds each as a []string, and
// Header.Set makes a new one (and checks the name's case) for every
// response: most of what a hit allocated. valueTable makes the slice once
// per distinct value instead, so a hit assigns it.
//
// The values come from a handful of constants and the site's frame
// policies, so a table stays small; should it ever be handed more than
// maxValues distinct strings, the rest are made per response, as before,
// rather than kept.
type valueTable struct {
	derive func(string) []string // what else to prepare from a value; may be nil
	mu     sync.Mutex            // serialises additions
	all    atomic.Pointer[[]*headerValue]
}

// headerValue is one prepared value: the slice an http.Header holds, and
// for a Cache-Control its X-Accel-Expires (nil when none).
type headerValue struct {
	value []string
	edge  []string
}

const maxValues = 32

var (
	// cacheRules are the Cache-Control values sent, with the
	// X-Accel-Expires each implies (setCache).
	cacheRules = &valueTable{derive: func(cc string) []string {
		if s := edgeSeconds(cc); s != "" {
			return []string{s}
		}
		return nil
	}}
	// policies are the Content-Security-Policy values sent with embeds.
	policies = &valueTable{}
)

// get is s prepared. Comparing with the strings held is cheap: a value
// passed again is usually the very same string (a constant, a field), and
// equal strings at one address compare without reading them.
func (t *valueTable) get(s string) *headerValue {
	if all := t.all.Load(); all != nil {
		for _, v := range *all {
			if v.value[0] == s {
				return v
			}
		}
	}
	return t.add(s)
}

func (t *valueTable) add(s string) *headerValue {
	v := &headerValue{value: []string{s}}
	if t.derive != nil {
		v.edge = t.derive(s)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	var old []*headerValue
	if all := t.all.Load(); all != nil {
		old = *all
	}
	for _, o := range old {
		if o.value[0] == s {
			return o // added meanwhile
		}
	}
	if len(old) >= maxValues {
		return v // not kept: made for this response alone
	}
	all := append(old[:len(old):len(old)], v)
	t.all.Store(&all)
	return v
}
