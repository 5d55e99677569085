package widgets

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/wpcom-widgets/service/colour"
	"github.com/wpcom-widgets/service/model"
)

// parseLook reads the site_* fields into l; errors go into errs.
func parseLook(f Form, errs FieldErrors) model.Look {
	var l model.Look
	switch strings.TrimSpace(f.SiteScheme) {
	case "", "light":
	case "dark":
		l.Dark = true
	default:
		errs["site_scheme"] = "Choose whether your site is light or dark."
	}
	bg, _ := colour.Parse(l.Background())
	scheme, which := "light", "darker"
	if l.Dark {
		scheme, which = "dark", "lighter"
	}
	for _, c := range []struct {
		field string
		value string
		to    *string
	}{{"site_text", f.SiteText, &l.Text}, {"site_link", f.SiteLink, &l.Link}} {
		v := strings.TrimSpace(c.value)
		if v == "" {
			continue
		}
		rgb, ok := colour.Parse(v)
		if !ok {
			errs[c.field] = "Enter a colour as # and six hex digits, like #3b2f2f, or by its CSS name, like navy; or leave it empty."
			continue
		}
		if r := colour.Contrast(rgb, bg); r < 4.5 {
			errs[c.field] = fmt.Sprintf("%s is hard to read on a %s site (%.1f:1); choose a %s colour (4.5:1 or more).", rgb.Hex(), scheme, r, which)
			continue
		}
		*c.to = rgb.Hex()
	}
	font := strings.Join(strings.Fields(f.SiteFont), " ")
	switch strings.ToLower(font) {
	case "", model.FontSans:
	case model.FontSerif, model.FontMono:
		l.Font = strings.ToLower(font)
	default:
		if utf8.RuneCountInString(font) > model.MaxFontRunes || !model.FontList(font) {
			errs["site_font"] = fmt.Sprintf("Enter sans, serif, monospace, or a list of font names separated by commas (letters, digits, quotes, up to %d characters).", model.MaxFontRunes)
		} else {
			l.Font = font
		}
	}
	return l
}
