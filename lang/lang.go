// Package lang holds the widget's own words in the languages it speaks:
// its default titles, the word between a liked post and its site, dates,
// and which way the text runs. Everything else a widget shows is the
// member's content, in whatever language it was written.
package lang

import (
	"fmt"
	"strings"
	"time"
)

// Messages are one language's words.
type Messages struct {
	Tag, Name string // the BCP 47 tag ("fr") and the language's own name
	// Dir is "rtl" for scripts written right to left, else "ltr".
	Dir string
	// Following and Liked are the widgets' default titles, as
	// WordPress.com's own widgets name them in that language.
	Following, Liked string
	// On joins a liked post to its site: "Title on Site".
	On string
	// Comma separates the site from the date.
	Comma  string
	months [12]string
	date   string // a fmt pattern of day, month name, year
}

// Date is t as this language writes a short date.
func (m Messages) Date(t time.Time) string {
	month := m.months[t.Month()-1]
	if m.Tag == "en" {
		return fmt.Sprintf(m.date, month, t.Day(), t.Year())
	}
	return fmt.Sprintf(m.date, t.Day(), month, t.Year())
}

// Default is the language of a widget whose member's language is not one
// of ours.
const Default = "en"

var catalogue = []Messages{
	{Tag: "en", Comma: ", ", Name: "English", Dir: "ltr", Following: "Blogs I Follow", Liked: "Posts I Like", On: "on",
		months: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}, date: "%s %d, %d"},
	{Tag: "fr", Comma: ", ", Name: "Français", Dir: "ltr", Following: "Blogs que je suis", Liked: "Articles que j’aime", On: "sur",
		months: [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}, date: "%d %s %d"},
	{Tag: "de", Comma: ", ", Name: "Deutsch", Dir: "ltr", Following: "Blogs, denen ich folge", Liked: "Beiträge, die mir gefallen", On: "auf",
		months: [12]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."}, date: "%d. %s %d"},
	{Tag: "es", Comma: ", ", Name: "Español", Dir: "ltr", Following: "Blogs que sigo", Liked: "Entradas que me gustan", On: "en",
		months: [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"}, date: "%d %s %d"},
	{Tag: "ja", Comma: "、", Name: "日本語", Dir: "ltr", Following: "フォロー中のブログ", Liked: "いいねした投稿", On: "掲載元：",
		months: [12]string{"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"}, date: "%[3]d年%[2]s%[1]d日"},
	{Tag: "ar", Comma: "، ", Name: "العربية", Dir: "rtl", Following: "مدونات أتابعها", Liked: "مقالات أعجبتني", On: "على",
		months: [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"}, date: "%d %s %d"},
}

// All lists the languages a widget can speak, English first.
func All() []Messages { return catalogue }

// For is the language tag names, or English. WordPress.com's language
// settings ("fr", "pt-br", "zh-tw") match by their first part.
func For(tag string) Messages {
	if m, ok := Find(tag); ok {
		return m
	}
	return catalogue[0]
}

// Find is For without the fallback: ok is false for a language we do not
// speak.
func Find(tag string) (Messages, bool) {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	base, _, _ = strings.Cut(base, "_")
	for _, m := range catalogue {
		if m.Tag == base {
			return m, true
		}
	}
	return Messages{}, false
}
