package model

// View is a widget with what it shows right now: what the domain hands out
// (widgets.Service.View) and what the renderers draw.
type View struct {
	Widget
	Items []Item
	// All is every item of the widget's kind in its member's lists, hidden
	// ones included (shared with the lists: read only), for the OPML of a
	// following widget, which lists them all (Widget.Blogroll); nil when
	// drawn without its lists (a preview).
	All   []Item
	State State
	// Version identifies the lists the items came from (0: none), alike on
	// every replica. With the widget's UpdatedAt it names one rendering.
	Version uint64
}

// State says what a View holds.
type State int

const (
	// Fresh: lists fetched within the refresh interval.
	Fresh State = iota
	// Stale: older lists, served while a refresh runs or backs off.
	Stale
	// Pending: nothing fetched yet (or WordPress.com failed on the first try).
	Pending
	// Reconnect: the owner must reconnect and nothing was fetched before.
	Reconnect
	// Short: fewer items than the widget shows, because its owner asked
	// for more than was fetched and the longer fetch is not in yet.
	Short
)

// Whole says a view shows all it should: what is drawn from it may be
// kept as it is (its list, and heights reckoned from it).
func (s State) Whole() bool { return s == Fresh || s == Stale }
