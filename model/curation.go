package model

import "slices"

// What an owner may curate: pin a few items to the top, hide any number
// (bounded, so a widget's settings stay small).
const (
	MaxPinned = 5
	MaxHidden = 200
)

// Curate is items as the owner set the widget to show them: hidden ones
// left out, pinned ones first in the order they were pinned, then the
// rest in their own order, at most Count. A pinned or hidden id that is
// not among items changes nothing. Uncurated, it is the first Count of
// items themselves, no copy: a cached widget keeps no list of its own
// (callers only read it).
func (w Widget) Curate(items []Item) []Item {
	if len(w.Pinned) == 0 && len(w.Hidden) == 0 {
		return items[:min(len(items), w.Count):min(len(items), w.Count)] // capped: an append cannot reach the lists
	}
	out := make([]Item, 0, min(w.Count, len(items)))
	for _, id := range w.Pinned {
		if i := slices.IndexFunc(items, func(it Item) bool { return it.ID == id }); i >= 0 && !slices.Contains(w.Hidden, id) {
			out = append(out, items[i])
		}
	}
	for _, it := range items {
		if len(out) >= w.Count {
			break
		}
		if !slices.Contains(w.Pinned, it.ID) && !slices.Contains(w.Hidden, it.ID) {
			out = append(out, it)
		}
	}
	return out[:min(len(out), w.Count)]
}

// Wants is how many items of its kind the widget needs fetched: its count
// and as many again as it hides, so it still shows its full count.
func (w Widget) Wants() int { return w.Count + len(w.Hidden) }

// Pins says whether the widget pins the item; Hides, whether it hides it.
func (w Widget) Pins(id string) bool  { return slices.Contains(w.Pinned, id) }
func (w Widget) Hides(id string) bool { return slices.Contains(w.Hidden, id) }

// Curation is a widget's hidden and pinned items (Widget.Hidden and
// Widget.Pinned), as the store sets them.
type Curation struct{ Hidden, Pinned []string }

// Curation is w's hidden and pinned items.
func (w Widget) Curation() Curation { return Curation{Hidden: w.Hidden, Pinned: w.Pinned} }

// MaxBlogroll bounds the blogroll: how many followed blogs a following
// widget's OPML lists, whatever the number the widget shows.
const MaxBlogroll = 2000

// Blogroll is every item of all the widget does not hide, in the list's
// order: a following widget's OPML, which lists all the blogs its member
// follows, not only those it shows.
func (w Widget) Blogroll(all []Item) []Item {
	out := make([]Item, 0, len(all))
	for _, it := range all {
		if !w.Hides(it.ID) {
			out = append(out, it)
		}
	}
	return out[:min(len(out), MaxBlogroll)]
}
