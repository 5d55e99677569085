package wpcom

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// WordPress.com is written in PHP, and its JSON shows it: an empty object
// arrives as [] (an empty PHP array), a missing one as false or null, a
// list with holes as an object keyed "0", "2", …. The real clients cope
// field by field (WordPress-Android's JSONUtils, WordPressKit's
// RemoteReaderPost), so the types here do too: a field of an unexpected
// shape decodes as absent, never as an error that would cost the page.

// object is a field documented as an object. Anything else on the wire
// ([], false, null, a string, a number) is absent, and so is an object
// that does not decode.
type object[T any] struct{ v *T }

func (o *object[T]) UnmarshalJSON(b []byte) error {
	o.v = nil
	if b = bytes.TrimSpace(b); len(b) == 0 || b[0] != '{' {
		return nil
	}
	var v T
	if json.Unmarshal(b, &v) == nil {
		o.v = &v
	}
	return nil
}

// get is the object, or nil when it was absent or of another shape.
func (o object[T]) get() *T { return o.v }

// text is a field documented as a string: a number keeps its digits,
// anything else (false, null, [], {}) is "".
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	*t = ""
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
	case b[0] == '"':
		var s string
		if json.Unmarshal(b, &s) == nil {
			*t = text(s)
		}
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		*t = text(b)
	}
	return nil
}

// flag is a field documented as a boolean, for flags nothing depends on:
// anything that is not plainly false (false, 0, "0", "", null, [], {})
// counts as true.
type flag bool

func (f *flag) UnmarshalJSON(b []byte) error {
	switch s := string(bytes.TrimSpace(b)); s {
	case "false", "0", `"0"`, `""`, `"false"`, "null", "[]", "{}", "":
		*f = false
	default:
		*f = true
	}
	return nil
}

// privacy is is_private or site_is_private. It is public only when
// WordPress.com plainly says so (false, 0, "0", "false"); true, 1, "1" and
// "true" are private, and so is anything else, or the field missing: what
// is not known to be public is not published.
type privacy int8

const (
	privacyUnknown privacy = iota // absent, or of a shape that says nothing
	privacyPublic
	privacyPrivate
)

func (p *privacy) UnmarshalJSON(b []byte) error {
	switch string(bytes.TrimSpace(b)) {
	case "false", "0", `"0"`, `"false"`:
		*p = privacyPublic
	case "true", "1", `"1"`, `"true"`:
		*p = privacyPrivate
	default:
		*p = privacyUnknown
	}
	return nil
}

// public reports whether WordPress.com said plainly that it is public.
func (p privacy) public() bool { return p == privacyPublic }

// items is a list of raw items: a JSON array, or an object whose values
// are the items in the order sent (a PHP array with holes). Anything else
// is an empty list.
type items []json.RawMessage

func (l *items) UnmarshalJSON(b []byte) error {
	*l = nil
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case '[':
		var raw []json.RawMessage
		if json.Unmarshal(b, &raw) == nil {
			*l = raw
		}
	case '{':
		// Values in document order: a map would lose it.
		dec := json.NewDecoder(bytes.NewReader(b))
		if _, err := dec.Token(); err != nil {
			return nil
		}
		var out []json.RawMessage
		for dec.More() {
			if _, err := dec.Token(); err != nil { // the key
				return nil
			}
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return nil
			}
			out = append(out, v)
		}
		*l = out
	}
	return nil
}

// count is a field documented as a count: a numeric string is read too;
// anything else, negative or past a million is 0 (no list is that long).
type count int

const maxCount = 1_000_000

func (c *count) UnmarshalJSON(b []byte) error {
	*c = 0
	s := string(bytes.Trim(bytes.TrimSpace(b), `"`))
	f, err := strconv.ParseFloat(s, 64)
	if err == nil && f >= 0 && f <= maxCount {
		*c = count(f)
	}
	return nil
}
