package model

import (
	"time"

	"github.com/wpcom-widgets/service/lang"
)

// Kind is what a widget lists.
type Kind string

const (
	// Following lists the blogs the owner follows ("Blogs I Follow").
	Following Kind = "following"
	// Liked lists the posts the owner liked ("Posts I Like").
	Liked Kind = "liked"
)

// Layout is how a widget lays its items out.
type Layout string

const (
	// List shows each item on a line: picture, name, and for likes the site.
	List Layout = "list"
	// Grid shows pictures only, names on hover and to screen readers.
	Grid Layout = "grid"
)

// Theme is a widget's colours.
type Theme string

const (
	// Page matches the page the widget sits on: its font, text and link
	// colours (the script embed reads them; a frame uses what the owner
	// says of their site). The default.
	Page Theme = "page"
	// Auto follows the visitor's colour scheme.
	Auto Theme = "auto"
	// Light is dark text on a light page.
	Light Theme = "light"
	// Dark is light text on a dark page.
	Dark Theme = "dark"
)

// The choices, in the order forms offer them.
var (
	Kinds   = []Kind{Following, Liked}
	Layouts = []Layout{List, Grid}
	Themes  = []Theme{Page, Auto, Light, Dark}
)

// Bounds. WordPress.com's Blogs I Follow allows 1 to 50 items; the same
// range serves Posts I Like here.
const (
	MinCount      = 1
	MaxCount      = 50
	MaxTitleRunes = 100
	// MaxPerAccount bounds how many widgets one account can make.
	MaxPerAccount = 50
	// MaxEmptyRunes bounds EmptyText.
	MaxEmptyRunes = 200
	// MinWidth and MaxWidth bound Display.MaxWidth (0 is none).
	MinWidth = 120
	MaxWidth = 2000
)

// Widget is one widget an owner made: what it shows and how.
type Widget struct {
	ID        string // public, random, unguessable
	AccountID int64
	Kind      Kind
	Title     string
	Count     int
	Layout    Layout
	Theme     Theme
	Display   Display
	Look      Look
	// Lang is the language of the widget's own words (a lang tag); its
	// member's WordPress.com language unless the owner chose another.
	Lang string
	// EmptyText is what the widget says while it has nothing to show; ""
	// (the default) shows nothing at all.
	EmptyText string
	CreatedAt time.Time
	UpdatedAt time.Time
	// Hidden are the items (their Item.ID) the owner left out of the
	// widget; Pinned, those shown first, in this order (curation.go).
	Hidden []string
	Pinned []string
	// DeletedAt is when the owner deleted the widget; zero while it is
	// live. A deleted widget shows nothing anywhere and can be restored,
	// with its id, for RestoreWindow.
	DeletedAt time.Time
}

// RestoreWindow is how long a deleted widget can be restored before it is
// purged for good.
const RestoreWindow = 30 * 24 * time.Hour

// Deleted says the owner deleted the widget.
func (w Widget) Deleted() bool { return !w.DeletedAt.IsZero() }

// RestorableUntil is when a deleted widget is purged.
func (w Widget) RestorableUntil() time.Time { return w.DeletedAt.Add(RestoreWindow) }

// Display is what a widget shows besides its items' names, as WordPress.com's
// widget settings and other widget generators let owners choose.
type Display struct {
	ShowTitle    bool // the widget's title (off for theme sidebars that print their own)
	ShowImages   bool // icons and pictures
	ShowMeta     bool // liked posts: the site's name and the date
	ShowExcerpts bool // a blog's description, a post's excerpt
	NewTab       bool // links open in a new tab (where the page allows it)
	MaxWidth     int  // pixels; 0 for none
	// TitleLines is how many lines a long name or post title may take
	// before it ends in an ellipsis (up to MaxTitleLines); 0 shows them all.
	TitleLines int
}

// MaxTitleLines bounds Display.TitleLines.
const MaxTitleLines = 3

// DefaultDisplay is what a widget shows unless its owner says otherwise.
func DefaultDisplay() Display {
	return Display{ShowTitle: true, ShowImages: true, ShowMeta: true, TitleLines: 2}
}

// Defaults mirror WordPress.com's own widgets: "Blogs I Follow" shows 20,
// "Posts I Like" shows 5, both as a list; the colours match the page (most
// blogs are light and many visitors use dark mode: following the visitor's
// scheme made most widgets unreadable).
func Defaults(k Kind) Widget {
	if k == Liked {
		return Widget{Kind: Liked, Title: "Posts I Like", Count: 5, Layout: List, Theme: Page, Display: DefaultDisplay(), Lang: lang.Default}
	}
	return Widget{Kind: Following, Title: "Blogs I Follow", Count: 20, Layout: List, Theme: Page, Display: DefaultDisplay(), Lang: lang.Default}
}

// ShownTitle is the title visitors see: the owner's, or the default in
// the widget's language. A title left at the default follows the
// language, as WordPress.com's own widgets do (they store it as false).
func (w Widget) ShownTitle() string {
	m := lang.For(w.Lang)
	if w.Title == "" || w.Title == Defaults(w.Kind).Title {
		if w.Liked() {
			return m.Liked
		}
		return m.Following
	}
	return w.Title
}

// Label is how the kind is named to people.
func (k Kind) Label() string {
	if k == Liked {
		return "Posts I like"
	}
	return "Blogs I follow"
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return k == Following || k == Liked }

// Valid reports whether l is one of Layouts.
func (l Layout) Valid() bool { return l == List || l == Grid }

// Valid reports whether t is one of Themes.
func (t Theme) Valid() bool { return t == Page || t == Auto || t == Light || t == Dark }

// Liked reports whether the widget lists liked posts.
func (w Widget) Liked() bool { return w.Kind == Liked }

// Grid reports whether the widget is a grid of pictures (a grid without
// pictures is a list).
func (w Widget) Grid() bool { return w.Layout == Grid && w.Display.ShowImages }
