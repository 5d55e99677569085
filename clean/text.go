package clean

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
)

// strict drops every tag; the contents of script, style and similar
// elements are dropped with them (bluemonday's default).
var strict = bluemonday.StrictPolicy()

// Text returns the plain text of an HTML snippet: tags removed, entities
// decoded (&amp;nbsp; and friends become spaces), runs of white space
// folded, control characters and invalid UTF-8 dropped.
func Text(s string) string {
	if s == "" {
		return ""
	}
	if !strings.ContainsAny(s, "<&") {
		return squash(s)
	}
	// bluemonday returns escaped text; unescape it once to plain text.
	return squash(html.UnescapeString(strict.Sanitize(s)))
}

// Title is Text for a title or a site's name. Those are sometimes encoded
// twice ("It&amp;#8217;s"): Calypso's post-normalizer decodes titles
// twice, and so does this, no more. (Excerpts and descriptions are
// decoded once: a post about HTML may well write "&amp;lt;".)
func Title(s string) string {
	t := Text(s)
	if strings.Contains(t, "&") {
		t = squash(html.UnescapeString(t))
	}
	return t
}

// Line is squash for text people type (an owner's widget title): white
// space folded, control characters, bidirectional overrides and
// zero-width spaces dropped, markup left as typed (templates escape it).
func Line(s string) string { return squash(s) }

// squash folds white space and drops what plain text must not hold.
func squash(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				continue // invalid byte
			}
		}
		switch {
		case unicode.IsSpace(r) || r == '\u00a0':
			space = b.Len() > 0
		case unicode.IsControl(r) || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') ||
			r == '\u200b' || r == '\u2060' || r == '\ufeff':
			// Bidirectional overrides could reorder text around them;
			// zero-width spaces and joiners hide inside words. (ZWJ and
			// ZWNJ stay: emoji and several scripts need them.)
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Excerpt returns at most max runes of plain text, cut at a word boundary
// when one is near, with an ellipsis when something was cut. The tails
// themes add ("[…]", "Continue reading <title> →") go first, as the iOS
// app cuts them off too.
func Excerpt(s string, max int) string {
	t := cutMoreTail(Text(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "[…]"), "[...]")
	t = strings.TrimSpace(t)
	return Cut(t, max)
}

// moreTail is a "Continue reading" or "Read more" link at the end of an
// excerpt, as themes write it: the words alone (perhaps with an ellipsis),
// or followed by the post's title (at most a title's length) and an arrow,
// or for "Continue reading" the title in quotes. A sentence that merely
// mentions reading on ends otherwise, and is kept.
var moreTail = regexp.MustCompile(`(?i)\s*(?:…\s*)?\b(?:(?:continue reading|read more)\s*(?:…|\.\.\.)?|(?:continue reading|read more)\s[^\n]{0,200}?\s*(?:→|»)|continue reading\s*[“"][^\n]{0,200}[”"])\s*$`)

// moreTailBytes is how far from the end a tail is looked for, so a long
// excerpt costs the expression nothing.
const moreTailBytes = 300

// cutMoreTail removes a "Continue reading" tail (moreTail).
func cutMoreTail(t string) string {
	start := max(0, len(t)-moreTailBytes)
	for start > 0 && !utf8.RuneStart(t[start]) {
		start--
	}
	return t[:start] + moreTail.ReplaceAllString(t[start:], "")
}

// Cut shortens plain text to at most max runes (the ellipsis included).
func Cut(t string, max int) string {
	if max <= 0 {
		return ""
	}
	if utf8.RuneCountInString(t) <= max {
		return t
	}
	runes := []rune(t)[:max-1]
	// Back up to a space if one is in the last fifth; CJK text has none.
	for i := len(runes) - 1; i >= len(runes)*4/5 && i > 0; i-- {
		if runes[i] == ' ' {
			runes = runes[:i]
			break
		}
	}
	return strings.TrimRightFunc(string(runes), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '?' && r != '!' }) + "…"
}

// Bytes keeps at most n bytes of s, whole characters only: for a column
// or a log line with a size, where Cut's ellipsis would not fit.
func Bytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := max(n, 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
