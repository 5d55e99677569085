// Package widgets is the domain: the Service that turns a public widget id
// into what it shows (service.go), holding widgets' settings (held.go) and
// members' lists (refresh.go: one fetch from WordPress.com per member, as
// many items as their largest widget needs and hides, private sites left out:
// private.go), telling its peers (other replicas) what changed and hearing theirs (peers.go), and
// connecting members (connect.go). It also checks owners' widget forms
// (settings.go) and cleans what WordPress.com sends into model.Items
// (feed.go). It knows nothing of HTTP or HTML.
package widgets
