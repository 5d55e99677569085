package widgets

import (
	"reflect"
	"testing"
)

// A form survives being written as values and read back: the live
// preview's frames carry unsaved settings in their address.
func TestFormValuesRoundTrip(t *testing.T) {
	for _, f := range []Form{
		{},
		{Kind: "liked", Title: "Mes lectures & co", Count: "7", Layout: "grid", Theme: "page", Displayed: true,
			ShowTitle: true, ShowExcerpts: true, NewTab: true, MaxWidth: "320", TitleLines: "0", SiteScheme: "dark",
			SiteText: "#eeeeee", SiteLink: "tomato", SiteFont: `Georgia, "Times New Roman", serif`, Lang: "fr", EmptyText: "Rien"},
		{Displayed: true}, // every box unticked stays unticked
	} {
		if got := FormFromValues(f.Values()); !reflect.DeepEqual(got, f) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, f)
		}
	}
}
