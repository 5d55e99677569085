package widgets

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wpcom-widgets/service/clean"
	"github.com/wpcom-widgets/service/lang"
	"github.com/wpcom-widgets/service/model"
)

// FieldErrors maps a form field to what is wrong with it, in words that say
// how to fix it.
type FieldErrors map[string]string

func (e FieldErrors) Error() string {
	parts := make([]string, 0, len(e))
	for _, k := range slices.Sorted(maps.Keys(e)) {
		parts = append(parts, k+": "+e[k])
	}
	return "widgets: " + strings.Join(parts, "; ")
}

// Form is a widget form as submitted: raw strings, any of them empty, and
// the display checkboxes (show_title, show_images, show_meta,
// show_excerpts, new_tab: present means on) with max_width.
type Form struct {
	Kind, Title, Count, Layout, Theme string
	// Displayed says the form carried the display section (our forms do,
	// with a hidden "display" field): only then do missing checkboxes
	// mean off; without it the defaults stand.
	Displayed                                             bool
	ShowTitle, ShowImages, ShowMeta, ShowExcerpts, NewTab bool
	MaxWidth                                              string
	// TitleLines is how many lines a long name may take (title_lines):
	// "1" to model.MaxTitleLines, or "0" for every line.
	TitleLines string
	// How the owner's site looks, for frames that match the page:
	// site_scheme (light or dark), site_text and site_link (#rrggbb),
	// site_font (sans, serif, monospace or a font list). Empty: defaults.
	SiteScheme, SiteText, SiteLink, SiteFont string
	// EmptyText is what the widget says while it has nothing to show
	// (empty_text); empty, it shows nothing at all.
	EmptyText string
	// Lang is the language of the widget's own words (lang.All); empty
	// keeps the default, which the dashboard sets from the member's
	// WordPress.com language.
	Lang string
}

// FormOf is the form that shows w's settings.
func FormOf(w model.Widget) Form {
	title := w.Title
	if title == model.Defaults(w.Kind).Title {
		title = "" // the default, which follows the widget's language
	}
	f := Form{Kind: string(w.Kind), Title: title, Count: strconv.Itoa(w.Count), Layout: string(w.Layout), Theme: string(w.Theme),
		Displayed: true, ShowTitle: w.Display.ShowTitle, ShowImages: w.Display.ShowImages, ShowMeta: w.Display.ShowMeta,
		ShowExcerpts: w.Display.ShowExcerpts, NewTab: w.Display.NewTab,
		SiteScheme: "light", SiteText: w.Look.Text, SiteLink: w.Look.Link, SiteFont: w.Look.Font, Lang: lang.For(w.Lang).Tag, EmptyText: w.EmptyText}
	if w.Look.Dark {
		f.SiteScheme = "dark"
	}
	if w.Display.MaxWidth > 0 {
		f.MaxWidth = strconv.Itoa(w.Display.MaxWidth)
	}
	f.TitleLines = strconv.Itoa(w.Display.TitleLines)
	return f
}

// line checks one line of text an owner wrote (field, named what in
// messages): valid, no longer than max characters, no control characters.
// Bidi overrides and zero-width characters, which could disguise it or
// reorder the page around it, are dropped.
func line(v, field, what string, max int, errs FieldErrors) (string, bool) {
	t := strings.TrimSpace(v)
	switch {
	case t == "":
		return "", true
	case !utf8.ValidString(t):
		errs[field] = what + " has characters that are not valid text."
	case utf8.RuneCountInString(t) > max:
		errs[field] = fmt.Sprintf("Keep %s to %d characters or fewer (it has %d).", strings.ToLower(what[:1])+what[1:], max, utf8.RuneCountInString(t))
	case strings.IndexFunc(t, unicode.IsControl) >= 0:
		errs[field] = what + " cannot contain control characters or line breaks."
	default:
		return clean.Line(t), true
	}
	return "", false
}

// ParseForm checks a submitted form and returns the settings it asks for
// (Kind, Title, Count, Layout, Theme, Display, Look, Lang, EmptyText). kind is the widget's existing kind
// when updating (the form's kind is then ignored: a widget does not change
// kind) or "" when creating. Empty fields take the kind's defaults.
func ParseForm(f Form, kind model.Kind) (model.Widget, FieldErrors) {
	errs := FieldErrors{}
	if kind == "" {
		kind = model.Kind(strings.TrimSpace(f.Kind))
		if !kind.Valid() {
			errs["kind"] = "Choose what the widget shows: blogs you follow or posts you like."
			kind = model.Following
		}
	}
	s := model.Defaults(kind)
	if t, ok := line(f.Title, "title", "The title", model.MaxTitleRunes, errs); ok && t != "" {
		s.Title = t
	}
	if t, ok := line(f.EmptyText, "empty_text", "The message", model.MaxEmptyRunes, errs); ok {
		s.EmptyText = t
	}
	if c := strings.TrimSpace(f.Count); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < model.MinCount || n > model.MaxCount {
			errs["count"] = fmt.Sprintf("Enter a whole number from %d to %d.", model.MinCount, model.MaxCount)
		} else {
			s.Count = n
		}
	}
	if l := model.Layout(strings.TrimSpace(f.Layout)); l != "" {
		if !l.Valid() {
			errs["layout"] = "Choose list or grid."
		} else {
			s.Layout = l
		}
	}
	if th := model.Theme(strings.TrimSpace(f.Theme)); th != "" {
		if !th.Valid() {
			errs["theme"] = "Choose my site's colours, the visitor's setting, light or dark."
		} else {
			s.Theme = th
		}
	}
	if f.Displayed {
		s.Display = model.Display{ShowTitle: f.ShowTitle, ShowImages: f.ShowImages, ShowMeta: f.ShowMeta,
			ShowExcerpts: f.ShowExcerpts, NewTab: f.NewTab, TitleLines: s.Display.TitleLines}
	}
	if tl := strings.TrimSpace(f.TitleLines); tl != "" {
		n, err := strconv.Atoi(tl)
		if err != nil || n < 0 || n > model.MaxTitleLines {
			errs["title_lines"] = fmt.Sprintf("Choose from 1 to %d lines, or every line.", model.MaxTitleLines)
		} else {
			s.Display.TitleLines = n
		}
	}
	if mw := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f.MaxWidth), "px")); mw != "" {
		n, err := strconv.Atoi(mw)
		if err != nil || n < model.MinWidth || n > model.MaxWidth {
			errs["max_width"] = fmt.Sprintf("Enter a width in pixels from %d to %d, or leave it empty for none.", model.MinWidth, model.MaxWidth)
		} else {
			s.Display.MaxWidth = n
		}
	}
	// The site's look is asked under "My site's colours" only, and hidden
	// with any other choice: it is read, and can be wrong, only with it.
	if s.Theme == model.Page {
		s.Look = parseLook(f, errs)
	}
	if l := strings.TrimSpace(f.Lang); l != "" {
		if m, ok := lang.Find(l); ok {
			s.Lang = m.Tag
		} else {
			errs["lang"] = "Choose one of the languages listed."
		}
	}
	if len(errs) > 0 {
		return s, errs
	}
	return s, nil
}
