package widgets

import "net/url"

// The widget form's field names, as the dashboard's forms post them and
// the live preview's frames carry them in their address.

// FormFromValues reads a widget form from posted or query values. A
// checkbox counts as on when present, whatever its value.
func FormFromValues(v url.Values) Form {
	on := func(name string) bool { _, ok := v[name]; return ok }
	return Form{Kind: v.Get("kind"), Title: v.Get("title"), Count: v.Get("count"),
		Layout: v.Get("layout"), Theme: v.Get("theme"),
		Displayed: on("display"), ShowTitle: on("show_title"), ShowImages: on("show_images"), ShowMeta: on("show_meta"),
		ShowExcerpts: on("show_excerpts"), NewTab: on("new_tab"), MaxWidth: v.Get("max_width"), TitleLines: v.Get("title_lines"),
		SiteScheme: v.Get("site_scheme"), SiteText: v.Get("site_text"), SiteLink: v.Get("site_link"), SiteFont: v.Get("site_font"),
		Lang: v.Get("lang"), EmptyText: v.Get("empty_text")}
}

// Values is f as form values, the inverse of FormFromValues: empty fields
// and unchecked boxes are left out.
func (f Form) Values() url.Values {
	v := url.Values{}
	set := func(name, value string) {
		if value != "" {
			v.Set(name, value)
		}
	}
	check := func(name string, on bool) {
		if on {
			v.Set(name, "on")
		}
	}
	set("kind", f.Kind)
	set("title", f.Title)
	set("count", f.Count)
	set("layout", f.Layout)
	set("theme", f.Theme)
	if f.Displayed {
		v.Set("display", "1")
	}
	check("show_title", f.ShowTitle)
	check("show_images", f.ShowImages)
	check("show_meta", f.ShowMeta)
	check("show_excerpts", f.ShowExcerpts)
	check("new_tab", f.NewTab)
	set("max_width", f.MaxWidth)
	set("title_lines", f.TitleLines)
	set("site_scheme", f.SiteScheme)
	set("site_text", f.SiteText)
	set("site_link", f.SiteLink)
	set("site_font", f.SiteFont)
	set("lang", f.Lang)
	set("empty_text", f.EmptyText)
	return v
}
