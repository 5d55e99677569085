// Package model holds the types every layer shares: a connected Account
// and a signed-in Session, a Widget as its owner set it up (kind, title,
// count, layout, theme, with their defaults and bounds), an Item a widget
// shows, a View (a widget with its items, as it is shown now), and the
// domain's errors. It imports only lang (a widget's
// own words in its language), so the store, the domain (widgets), the
// renderers and the server all speak of one widget in one vocabulary.
package model
