package wpcom

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Token is a WordPress.com access token. Its String and GoString methods
// redact it, so a token that slips into a log line or an error message prints
// as "[redacted]". Use string(tok) only where the bytes must go on the wire.
type Token string

// String implements fmt.Stringer without revealing the token.
func (t Token) String() string {
	if t == "" {
		return "[empty]"
	}
	return "[redacted]"
}

// GoString keeps %#v from printing the token.
func (t Token) GoString() string { return `wpcom.Token("` + t.String() + `")` }

// MarshalJSON keeps a token out of any JSON that embeds it by accident.
func (t Token) MarshalJSON() ([]byte, error) { return json.Marshal(t.String()) }

// ID is a WordPress.com identifier as it appears on the wire: a number, a
// numeric string ("3584907"), or false/""/null for "none" (plain RSS feeds
// have blog_ID false or "0"). Every form decodes to an int64; "none" is 0.
type ID int64

// UnmarshalJSON accepts numbers, numeric strings, false and null. Anything
// else is a *json.UnmarshalTypeError, which encoding/json fills in with the
// field's path, and which never quotes the value (it could be anything).
func (id *ID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	bad := func(kind string) error {
		return &json.UnmarshalTypeError{Value: kind, Type: reflect.TypeFor[ID]()}
	}
	switch {
	case len(b) == 0 || string(b) == "null" || string(b) == "false" || string(b) == `""`:
		*id = 0
		return nil
	case string(b) == "true":
		return bad("bool")
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return bad("string")
		}
		b = []byte(strings.TrimSpace(s))
		if len(b) == 0 {
			*id = 0
			return nil
		}
	}
	// json numbers may come as 3584907 or 3.584907e+06; accept both.
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(string(b), 64)
		if ferr == nil && f != float64(int64(f)) {
			return bad("fraction")
		} else if ferr != nil {
			return bad("non-number")
		}
		n = int64(f)
	}
	*id = ID(n)
	return nil
}

// Time is a WordPress.com timestamp: ISO 8601 with an offset
// ("2020-09-30T10:30:00-07:00"), "Z", or "Y-m-d H:i:s" in a few places.
// Empty strings, false and "0000-00-00…" decode to the zero time.
type Time struct{ time.Time }

// Layout is how WordPress.com writes times (PHP's date('c')): "+00:00", never "Z".
const Layout = "2006-01-02T15:04:05-07:00"

var timeLayouts = []string{time.RFC3339Nano, Layout, "2006-01-02T15:04:05-0700", "2006-01-02 15:04:05", "2006-01-02T15:04:05"}

// ParseTime reads any timestamp form WordPress.com uses; see Time.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}, nil
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("wpcom: unknown time format %q", s)
}

// UnmarshalJSON accepts a string in any form ParseTime knows. Anything
// else (false, null, a number, a date it cannot read) is the zero time, as
// Calypso treats a missing date as the epoch: one odd date must not cost
// the item, let alone the page.
func (t *Time) UnmarshalJSON(b []byte) error {
	t.Time = time.Time{}
	var s string
	if json.Unmarshal(b, &s) != nil {
		return nil
	}
	if v, err := ParseTime(s); err == nil {
		t.Time = v
	}
	return nil
}

// FormatTime writes t the way WordPress.com does, for before= parameters.
func FormatTime(t time.Time) string { return t.Format(Layout) }
