package server

import (
	"fmt"
	"strings"

	"github.com/wpcom-widgets/service/colour"
	"github.com/wpcom-widgets/service/model"
)

// The live preview draws a widget on the pages it may land on: the
// owner's own site when they said how it looks, else a light and a dark
// page; for a widget that follows the visitor, with a visitor who prefers
// light and one who prefers dark. A stage where the widget's text would be
// hard to read says so, with the contrast, so the owner sees the case
// before a visitor does.

// readable is the contrast a widget's text needs on its page (WCAG AA).
const readable = 4.5

// previewStage is one page the preview draws the widget on.
type previewStage struct {
	// ID names the stage in the frame's address and the board's radio
	// buttons: "site", "light", "dark", or page-visitor like "light-dark".
	ID string
	// Label says which case it is: "A light page, a visitor who prefers dark".
	Label string
	// Page is "light" or "dark": the page's background.
	Page string
	// Theme is what the frame draws with: a widget that follows the
	// visitor draws, for a visitor who prefers dark, exactly as a dark one.
	Theme model.Theme
	// Contrast is the widget's text on the page; Warning, when it is below
	// readable, says so in a sentence.
	Contrast float64
	Warning  string
}

// ownLook says whether the owner told us how their site looks, so the
// preview can stand on it: a dark site, a colour or a font.
func ownLook(w model.Widget) bool { return w.Theme == model.Page && w.Look != (model.Look{}) }

// previewStages lists the pages a widget's preview shows, the owner's
// site or a light page first.
func previewStages(w model.Widget) []previewStage {
	if ownLook(w) {
		page := "light"
		if w.Look.Dark {
			page = "dark"
		}
		s := previewStage{ID: "site", Label: "Your site, as you described it", Page: page, Theme: model.Page}
		s.Contrast = contrastOn(w.Look.TextColour(), w.Look.Background())
		return []previewStage{s} // ParseForm keeps its colours readable
	}
	var stages []previewStage
	for _, page := range []string{"light", "dark"} {
		bg := model.Look{Dark: page == "dark"}.Background()
		if w.Theme != model.Auto {
			s := previewStage{ID: page, Label: "A " + page + " page", Page: page, Theme: w.Theme}
			s.Contrast = contrastOn(textOf(w, w.Theme), bg)
			if s.Contrast < readable {
				s.Warning = fixedWarning(w.Theme, page, s.Contrast)
			}
			stages = append(stages, s)
			continue
		}
		for _, visitor := range []string{"light", "dark"} {
			th := model.Theme(visitor)
			s := previewStage{ID: page + "-" + visitor, Label: "A " + page + " page, a visitor who prefers " + visitor,
				Page: page, Theme: th}
			s.Contrast = contrastOn(textOf(w, th), bg)
			if s.Contrast < readable {
				s.Warning = fmt.Sprintf("On a %s page, a visitor whose device prefers %s gets %s text on the %s page (%.1f:1, hard to read). "+
					"For a %s site, choose “My site's colours” instead.", page, visitor, textOnScheme(visitor), page, s.Contrast, page)
			}
			stages = append(stages, s)
		}
	}
	return stages
}

// textOf is the colour of a widget's text when drawn with theme th in a
// frame: the light and dark themes' own, or the owner's site look.
func textOf(w model.Widget, th model.Theme) string {
	switch th {
	case model.Dark:
		return model.Look{Dark: true}.TextColour()
	case model.Page:
		return w.Look.TextColour()
	}
	return model.Look{}.TextColour()
}

// textOnScheme is the text a visitor's scheme gets: light on dark.
func textOnScheme(visitor string) string {
	if visitor == "dark" {
		return "light"
	}
	return "dark"
}

func fixedWarning(th model.Theme, page string, c float64) string {
	switch th {
	case model.Page: // the look left at its light defaults
		return fmt.Sprintf("Framed copies (WordPress's, and the iframe without its script) cannot see the page: on a dark site their dark text is hard to read (%.1f:1). "+
			"If your site is dark, say so under “My site's colours”.", c)
	case model.Light:
		return fmt.Sprintf("On a dark page, “Light” draws dark text on the dark background (%.1f:1, hard to read). "+
			"For a dark site, choose “Dark” or “My site's colours”.", c)
	}
	return fmt.Sprintf("On a light page, “Dark” draws light text on the light background (%.1f:1, hard to read). "+
		"For a light site, choose “Light” or “My site's colours”.", c)
}

func contrastOn(fg, bg string) float64 {
	f, ok1 := colour.Parse(fg)
	b, ok2 := colour.Parse(bg)
	if !ok1 || !ok2 {
		return 21 // cannot happen: both come from the model's own colours
	}
	return colour.Contrast(f, b)
}

// On is the label inside a sentence: "a light page".
func (s previewStage) On() string {
	if s.Label == "" {
		return ""
	}
	return strings.ToLower(s.Label[:1]) + s.Label[1:]
}
