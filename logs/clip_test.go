package logs_test

import (
	"bytes"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/wpcom-widgets/service/logs"
)

func TestClip(t *testing.T) {
	for _, in := range []string{
		"short",
		strings.Repeat("a", logs.MaxValue),
		strings.Repeat("a", logs.MaxValue+1),
		strings.Repeat("é", logs.MaxValue), // two bytes each
		"a" + strings.Repeat("€", logs.MaxValue),
		strings.Repeat("x", 900<<10),
	} {
		got := logs.Clip(in)
		kept, note, cut := strings.Cut(got, "…[")
		switch {
		case len(got) > logs.MaxValue || !utf8.ValidString(got) || !strings.HasPrefix(in, kept):
			t.Errorf("Clip(%d bytes) = %d bytes: %.40q…", len(in), len(got), got)
		case cut != (len(in) > logs.MaxValue) || (cut && note != strconv.Itoa(len(in))+" bytes]"):
			t.Errorf("Clip(%d bytes) says %q", len(in), note)
		case cut && len(kept) < logs.MaxValue-20:
			t.Errorf("Clip(%d bytes) kept only %d", len(in), len(kept))
		case logs.Clip(got) != got:
			t.Errorf("Clip(%d bytes) clipped again changes", len(in))
		}
	}
}

type stringer string

func (s stringer) String() string { return string(s) }

// Every value of every line is bounded, however it reaches the logger.
func TestClippedHandler(t *testing.T) {
	huge := strings.Repeat("x", 900<<10)
	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&buf, nil), slog.NewJSONHandler(&buf, nil)} {
		log := slog.New(logs.Clipped(h)).With("early", huge)
		log.WithGroup("g").Warn(huge, "s", huge, "err", errors.New(huge), "stringer", stringer(huge),
			"bytes", []byte(huge), "group", slog.GroupValue(slog.String("inner", huge)), "n", 42)
	}
	if n := buf.Len(); n > 20*logs.MaxValue {
		t.Errorf("two lines of 900 KB values took %d bytes of log", n)
	}
	if !strings.Contains(buf.String(), "n=42") || !strings.Contains(buf.String(), `"n":42`) {
		t.Errorf("other values changed: %s", buf.String())
	}
}

// Sometimes logs the first few events, then none within the interval;
// each line counts the events since the last one.
func TestSometimes(t *testing.T) {
	s := logs.NewSometimes(3, time.Hour)
	var lines []int64
	for range 100 {
		s.Do(func(n int64) { lines = append(lines, n) })
	}
	if len(lines) != 3 || lines[0] != 1 || lines[2] != 1 {
		t.Errorf("lines %v, want three of one event each", lines)
	}
}
