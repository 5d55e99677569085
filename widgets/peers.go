package widgets

import "context"

// Peers are the other replicas of a fleet, told what this one changed
// (fleet.Notices, over Redis); nobody when a replica runs alone. The cached
// embed must stay free of I/O, so replicas are told of changes rather than
// checking a version in Redis on every request. What the peers change
// arrives through the Heard methods below.
type Peers interface {
	// WidgetChanged: a widget's settings were created, changed or deleted.
	WidgetChanged(widgetID string)
	// AccountGone: a member disconnected; these were their widgets.
	AccountGone(accountKey string, widgetIDs []string)
	// ListsStored: fresh lists of a member are in the shared cache.
	ListsStored(accountKey string)
}

// alone is the Peers of a replica that runs alone: nobody to tell.
type alone struct{}

func (alone) WidgetChanged(string)          {}
func (alone) AccountGone(string, []string)  {}
func (alone) ListsStored(accountKey string) {}

// HeardWidgetChanged drops a widget's settings held here: another replica
// changed them, and the next request reads the store again.
func (s *Service) HeardWidgetChanged(widgetID string) { s.forgetWidget(widgetID) }

// HeardAccountGone drops a member's lists and widgets held here: they
// disconnected on another replica, which emptied the shared cache.
func (s *Service) HeardAccountGone(accountKey string, widgetIDs []string) {
	s.lists.DropLocal(accountKey)
	for _, id := range widgetIDs {
		s.forgetWidget(id)
	}
}

// HeardListsStored takes into this replica the lists another one stored in
// the shared cache.
func (s *Service) HeardListsStored(ctx context.Context, accountKey string) {
	s.lists.Sync(ctx, accountKey)
}

// Resync drops all widget settings held in memory, after news may have
// been missed (the subscription was down); each is read again on its next
// request.
func (s *Service) Resync() {
	s.widgets.clear()
	s.missing.Flush()
}
