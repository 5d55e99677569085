package wpcom

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestIDDecodesEveryWireForm(t *testing.T) {
	tests := []struct {
		in   string
		want ID
		err  bool
	}{
		{`3584907`, 3584907, false},
		{`"3584907"`, 3584907, false},
		{`" 42 "`, 42, false},
		{`false`, 0, false},
		{`"0"`, 0, false},
		{`0`, 0, false},
		{`null`, 0, false},
		{`""`, 0, false},
		{`3.584907e+06`, 3584907, false},
		{`true`, 0, true},
		{`"abc"`, 0, true},
		{`1.5`, 0, true},
		{`{}`, 0, true},
	}
	for _, tt := range tests {
		var id ID
		err := json.Unmarshal([]byte(tt.in), &id)
		if (err != nil) != tt.err || id != tt.want {
			t.Errorf("ID from %s = %d, %v; want %d, error %v", tt.in, id, err, tt.want, tt.err)
		}
	}
}

func TestTimeDecodesOffsetsAndOddities(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		err  bool
	}{
		{`"2020-09-30T10:30:00-07:00"`, time.Date(2020, 9, 30, 17, 30, 0, 0, time.UTC), false},
		{`"2020-10-01T08:12:44+00:00"`, time.Date(2020, 10, 1, 8, 12, 44, 0, time.UTC), false},
		{`"2020-10-01T08:12:44Z"`, time.Date(2020, 10, 1, 8, 12, 44, 0, time.UTC), false},
		{`"2024-03-05 20:48:53"`, time.Date(2024, 3, 5, 20, 48, 53, 0, time.UTC), false},
		{`"0000-00-00T00:00:00+00:00"`, time.Time{}, false},
		{`""`, time.Time{}, false},
		{`false`, time.Time{}, false},
		{`null`, time.Time{}, false},
		{`"2020-09-30T10:30:00-0700"`, time.Date(2020, 9, 30, 17, 30, 0, 0, time.UTC), false},
		// Lenient: a date it cannot read is no date, not a failed page.
		{`"yesterday"`, time.Time{}, false},
		{`12`, time.Time{}, false},
		{`[]`, time.Time{}, false},
	}
	for _, tt := range tests {
		var v Time
		err := json.Unmarshal([]byte(tt.in), &v)
		if (err != nil) != tt.err || !v.Equal(tt.want) {
			t.Errorf("Time from %s = %v, %v; want %v, error %v", tt.in, v.Time, err, tt.want, tt.err)
		}
	}
	// The offset is kept, not just the instant.
	var v Time
	_ = json.Unmarshal([]byte(`"2020-09-30T10:30:00-07:00"`), &v)
	if _, off := v.Zone(); off != -7*3600 {
		t.Errorf("offset = %d, want -25200", off)
	}
}

func TestFormatTimeWritesPlusOffset(t *testing.T) {
	got := FormatTime(time.Date(2020, 10, 1, 8, 12, 44, 0, time.UTC))
	if got != "2020-10-01T08:12:44+00:00" {
		t.Fatalf("FormatTime = %q, want WordPress.com's +00:00 form", got)
	}
}

func TestTokenNeverPrints(t *testing.T) {
	tok := Token("s3cr3t%&()@^")
	for _, s := range []string{tok.String(), fmt.Sprint(tok), fmt.Sprintf("%v %s %+v %#v", tok, tok, tok, tok)} {
		if contains(s, "s3cr3t") {
			t.Errorf("token printed: %q", s)
		}
	}
	b, _ := json.Marshal(struct{ T Token }{tok})
	if contains(string(b), "s3cr3t") {
		t.Errorf("token in JSON: %s", b)
	}
	if Token("").String() != "[empty]" {
		t.Errorf("empty token should say so")
	}
}

func TestNamesFallBackToHost(t *testing.T) {
	tests := []struct{ url, want string }{
		{"http://www.nytimes.com/svc/rss.xml", "nytimes.com"},
		{"https://xkcd.com/rss.xml", "xkcd.com"},
		{"https://Example.org:8443/feed", "Example.org"},
		{"not a url", "not a url"},
	}
	for _, tt := range tests {
		if got := hostOf(tt.url); got != tt.want {
			t.Errorf("hostOf(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"120", 2 * time.Minute},
		{"", 0},
		{"-5", 0},
		{"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.in, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
