package server

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/wpcom-widgets/service/colour"
	"github.com/wpcom-widgets/service/lang"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/widgets"
)

// formView is a widget form as the template shows it: every choice,
// default and bound comes from the model, so the page cannot disagree
// with what ParseForm accepts.
type formView struct {
	Action string
	Values widgets.Form
	Errors widgets.FieldErrors
	Kind   model.Kind // the widget's kind when editing; "" when creating

	Kinds, Layouts, Themes []choice
	Display                []checkbox
	MinWidth, MaxWidth     int
	Schemes                []choice // site_scheme: the owner's site, light or dark
	Fonts                  []string // site_font's one-word choices
	LookFields             []textField
	// TextSwatches and LinkSwatches are the colour pickers' suggestions:
	// common theme colours, readable on the site's scheme.
	TextSwatches, LinkSwatches []string
	Langs                      []choice // lang: the widget's own words
	TitleLines                 []choice // title_lines: how many lines a long name may take
	TitlePlaceholder           string
	CountPlaceholder           string
	CountHelp                  string
	MaxTitle                   int
	MaxEmpty                   int
}

// checkbox is one display option: present in the form means on.
type checkbox struct {
	Name, Label, Hint string
	Checked           bool
	ListOnly          bool // a grid ignores it: hidden while the grid is chosen
}

// textField is one text input of the site's look.
type textField struct {
	Name, Label, Value, Placeholder, Help, Error, List string
	Size                                               int
	// Colour fields get a colour picker beside them (dashboard.js), whose
	// swatches are the usual text and link colours of the site's scheme.
	Colour bool
	// OnLight and OnDark are a colour field's defaults for either
	// background: dashboard.js shows the one the owner chooses.
	OnLight, OnDark string
}

// Hex is the field's colour for its picker: "#rrggbb", or the placeholder's.
func (f textField) Hex() string {
	if c, ok := colour.Parse(f.Value); ok {
		return c.Hex()
	}
	if c, ok := colour.Parse(f.Placeholder); ok {
		return c.Hex()
	}
	return "#000000"
}

// choice is one radio button.
type choice struct {
	Value, Label, Hint string
	Checked            bool
}

var (
	layoutLabels = map[model.Layout]string{model.List: "List", model.Grid: "Grid of pictures"}
	themeLabels  = map[model.Theme]string{model.Page: "My site's colours", model.Auto: "Follow the visitor's setting", model.Light: "Light", model.Dark: "Dark"}
	themeHints   = map[model.Theme]string{
		model.Page:  "The script embed takes your page's text colour and font; framed copies, what you say here.",
		model.Auto:  "Dark text for visitors whose device prefers light, light text for those who prefer dark: for sites that change with the visitor.",
		model.Light: "Dark text, for a light site.",
		model.Dark:  "Light text, for a dark site.",
	}
)

// newForm shows values (as posted, or a widget's) with errs; kind is the
// widget's kind when editing, "" when creating.
func newForm(action string, values widgets.Form, errs widgets.FieldErrors, kind model.Kind) formView {
	f := formView{Action: action, Values: values, Errors: errs, Kind: kind, MaxTitle: model.MaxTitleRunes, MaxEmpty: model.MaxEmptyRunes}
	shown := kind
	if shown == "" {
		shown = model.Kind(values.Kind)
		if !shown.Valid() {
			shown = model.Following
		}
	}
	for _, k := range model.Kinds {
		d := model.Defaults(k)
		f.Kinds = append(f.Kinds, choice{Value: string(k), Label: k.Label(), Checked: k == shown,
			Hint: fmt.Sprintf("(default %d, as a %s)", d.Count, d.Layout)})
	}
	layout := model.Layout(values.Layout)
	if !layout.Valid() {
		layout = model.Defaults(shown).Layout
	}
	for _, l := range model.Layouts {
		f.Layouts = append(f.Layouts, choice{Value: string(l), Label: layoutLabels[l], Checked: l == layout})
	}
	theme := model.Theme(values.Theme)
	if !theme.Valid() {
		theme = model.Defaults(shown).Theme
	}
	for _, t := range model.Themes {
		f.Themes = append(f.Themes, choice{Value: string(t), Label: themeLabels[t], Hint: themeHints[t], Checked: t == theme})
	}
	d := model.DefaultDisplay()
	if values.Displayed {
		d = model.Display{ShowTitle: values.ShowTitle, ShowImages: values.ShowImages, ShowMeta: values.ShowMeta,
			ShowExcerpts: values.ShowExcerpts, NewTab: values.NewTab}
	}
	f.Display = []checkbox{
		{"show_title", "Show the title", "Turn it off in a theme sidebar that prints its own.", d.ShowTitle, false},
		{"show_images", "Show icons and pictures", "", d.ShowImages, true},
		{"show_meta", "Show where liked posts are from, and when", "", d.ShowMeta, true}, // dropped below for blogs
		{"show_excerpts", "Show descriptions and excerpts", "", d.ShowExcerpts, true},
		{"new_tab", "Open links in a new tab", "Not inside WordPress's own embeds, which only their page may open.", d.NewTab, false},
	}
	if kind == model.Following { // a blog has no site or date besides itself
		f.Display = slices.DeleteFunc(f.Display, func(c checkbox) bool { return c.Name == "show_meta" })
	}
	lines := strconv.Itoa(model.DefaultDisplay().TitleLines)
	if values.TitleLines != "" {
		lines = values.TitleLines
	}
	for n := 1; n <= model.MaxTitleLines; n++ {
		f.TitleLines = append(f.TitleLines, choice{Value: strconv.Itoa(n), Label: "Up to " + plural(n, "line"), Checked: lines == strconv.Itoa(n)})
	}
	f.TitleLines = append(f.TitleLines, choice{Value: "0", Label: "Every line, however long", Checked: lines == "0"})
	f.MinWidth, f.MaxWidth = model.MinWidth, model.MaxWidth
	chosen := lang.For(values.Lang).Tag
	for _, m := range lang.All() {
		f.Langs = append(f.Langs, choice{Value: m.Tag, Label: m.Name, Checked: m.Tag == chosen})
	}
	dark := values.SiteScheme == "dark"
	f.Schemes = []choice{{Value: "light", Label: "Light, with dark text", Checked: !dark}, {Value: "dark", Label: "Dark, with light text", Checked: dark}}
	f.Fonts = []string{model.FontSans, model.FontSerif, model.FontMono}
	if dark {
		f.TextSwatches = []string{"#ecedee", "#ffffff", "#e0e0e0", "#f5f0e6", "#d4d4d4"}
		f.LinkSwatches = []string{"#8ab4ff", "#7aa2f7", "#ffc64d", "#9ad5a0", "#ff9e80"}
	} else {
		f.TextSwatches = []string{"#1d2327", "#000000", "#333333", "#3c434a", "#2c3338"}
		f.LinkSwatches = []string{"#2758b3", "#0073aa", "#0a58ca", "#b32d2e", "#00784a"}
	}
	f.LookFields = []textField{
		{Name: "site_text", Label: "Text colour", Value: values.SiteText, Placeholder: model.Look{Dark: dark}.TextColour(), Size: 8,
			OnLight: model.Look{}.TextColour(), OnDark: model.Look{Dark: true}.TextColour(),
			Help: "Your theme's body text: # and six hex digits, or a CSS colour name like darkslategray.", Error: errs["site_text"], Colour: true},
		{Name: "site_link", Label: "Link colour", Value: values.SiteLink, Placeholder: model.Look{Dark: dark}.LinkColour(), Size: 8,
			OnLight: model.Look{}.LinkColour(), OnDark: model.Look{Dark: true}.LinkColour(),
			Help: "# and six hex digits, or a CSS colour name like navy.", Error: errs["site_link"], Colour: true},
		{Name: "site_font", Label: "Font", Value: values.SiteFont, Placeholder: "sans", List: "site-fonts", Size: 30,
			Help: `sans, serif, monospace, or your theme's font list, like Georgia, "Times New Roman", serif.`, Error: errs["site_font"]},
	}
	following, liked := model.Defaults(model.Following), model.Defaults(model.Liked)
	if kind == "" {
		f.TitlePlaceholder = following.Title + " / " + liked.Title
	} else {
		f.TitlePlaceholder = model.Widget{Kind: kind, Lang: values.Lang}.ShownTitle()
		f.CountPlaceholder = fmt.Sprint(model.Defaults(kind).Count)
	}
	f.CountHelp = fmt.Sprintf("From %d to %d. Empty means %d blogs or %d posts.", model.MinCount, model.MaxCount, following.Count, liked.Count)
	return f
}
