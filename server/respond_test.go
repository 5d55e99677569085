package server

import "testing"

// What the edge is told follows Cache-Control: s-maxage for a widget
// (which browsers never keep without asking), a public max-age otherwise,
// nothing for what nobody may keep.
func TestEdgeSeconds(t *testing.T) {
	for _, tt := range []struct{ cc, want string }{
		{ccWidget, edgeWidget},
		{ccWaiting, "5"},
		{ccError, "5"},
		{ccNotYet, ""},
		{ccOEmbed, "3600"},
		{ccUnavailable, "30"},
		{ccImage, "604800"},
		{ccPlaceholder, "300"},
		{ccBusy, "10"},
		{"no-store", ""},
		{"private, max-age=60", ""},
		{"public, no-cache", ""},
		{"no-cache, s-maxage=3, no-store", ""},
		{"public,max-age=7,s-maxage=2", "2"},
		{"", ""},
	} {
		if got := edgeSeconds(tt.cc); got != tt.want {
			t.Errorf("edgeSeconds(%q) = %q, want %q", tt.cc, got, tt.want)
		}
	}
	if edgeWidget != "10" {
		t.Errorf("the edge keeps a widget %s s; docs/operating.md, docs/embedding.md and deploy/nginx.conf say 10", edgeWidget)
	}
}
