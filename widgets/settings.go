package widgets

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wpcom-widgets/service/clean"
)

// Kind is what a widget lists.
type Kind string

const (
	// Following lists the blogs the owner follows ("Blogs I Follow").
	Following Kind = "following"
	// Liked lists the posts the owner liked ("Posts I Like").
	Liked Kind = "liked"
)

// Limits on settings. WordPress.com's Blogs I Follow allows 1 to 50; the
// same range serves Posts I Like here.
const (
	MinCount      = 1
	MaxCount      = 50
	MaxTitleRunes = 100
	// MaxPerAccount bounds how many widgets one account can make.
	MaxPerAccount = 50
)

// Layouts and themes a widget may use.
var (
	Layouts = []string{"list", "grid"}
	Themes  = []string{"auto", "light", "dark"}
)

// Settings are what an owner chooses for a widget.
type Settings struct {
	Kind   Kind
	Title  string
	Count  int
	Layout string // list | grid
	Theme  string // auto | light | dark
}

// Defaults mirror WordPress.com's own widgets: "Blogs I Follow" shows 20,
// "Posts I Like" shows 5, both as a list; the theme follows the visitor's
// colour scheme.
func Defaults(k Kind) Settings {
	if k == Liked {
		return Settings{Kind: Liked, Title: "Posts I Like", Count: 5, Layout: "list", Theme: "auto"}
	}
	return Settings{Kind: Following, Title: "Blogs I Follow", Count: 20, Layout: "list", Theme: "auto"}
}

// Label is how the kind is named to people.
func (k Kind) Label() string {
	if k == Liked {
		return "Posts I like"
	}
	return "Blogs I follow"
}

// FieldErrors maps a form field to what is wrong with it, in words that say
// how to fix it.
type FieldErrors map[string]string

func (e FieldErrors) Error() string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e[k]
	}
	return "widgets: " + strings.Join(parts, "; ")
}

// Form is a widget form as submitted: raw strings, any of them empty.
type Form struct {
	Kind, Title, Count, Layout, Theme string
}

// ParseForm checks a submitted form. kind is the widget's existing kind when
// updating (the form's kind is then ignored: a widget does not change kind)
// or "" when creating. Empty fields take the kind's defaults.
func ParseForm(f Form, kind Kind) (Settings, FieldErrors) {
	errs := FieldErrors{}
	if kind == "" {
		switch Kind(strings.TrimSpace(f.Kind)) {
		case Following, Liked:
			kind = Kind(strings.TrimSpace(f.Kind))
		default:
			errs["kind"] = "Choose what the widget shows: blogs you follow or posts you like."
			kind = Following
		}
	}
	s := Defaults(kind)
	if t := strings.TrimSpace(f.Title); t != "" {
		switch {
		case !utf8.ValidString(t):
			errs["title"] = "The title has characters that are not valid text."
		case utf8.RuneCountInString(t) > MaxTitleRunes:
			errs["title"] = fmt.Sprintf("Keep the title to %d characters or fewer (it has %d).", MaxTitleRunes, utf8.RuneCountInString(t))
		case strings.IndexFunc(t, unicode.IsControl) >= 0:
			errs["title"] = "The title cannot contain control characters or line breaks."
		default:
			// Bidi overrides and zero-width characters could disguise
			// the title or reorder the page around it.
			if t := clean.Line(t); t != "" {
				s.Title = t
			}
		}
	}
	if c := strings.TrimSpace(f.Count); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < MinCount || n > MaxCount {
			errs["count"] = fmt.Sprintf("Enter a whole number from %d to %d.", MinCount, MaxCount)
		} else {
			s.Count = n
		}
	}
	if l := strings.TrimSpace(f.Layout); l != "" {
		if !oneOf(l, Layouts) {
			errs["layout"] = "Choose list or grid."
		} else {
			s.Layout = l
		}
	}
	if th := strings.TrimSpace(f.Theme); th != "" {
		if !oneOf(th, Themes) {
			errs["theme"] = "Choose automatic, light or dark."
		} else {
			s.Theme = th
		}
	}
	if len(errs) > 0 {
		return s, errs
	}
	return s, nil
}

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if v == x {
			return true
		}
	}
	return false
}
