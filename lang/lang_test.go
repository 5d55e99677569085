package lang

import (
	"testing"
	"time"
)

func TestDates(t *testing.T) {
	d := time.Date(2020, 9, 30, 12, 0, 0, 0, time.UTC)
	for tag, want := range map[string]string{
		"en": "Sep 30, 2020", "fr": "30 sept. 2020", "de": "30. Sept. 2020", "es": "30 sept 2020",
		"ja": "2020年9月30日", "ar": "30 سبتمبر 2020",
	} {
		if got := For(tag).Date(d); got != want {
			t.Errorf("%s: %q, want %q", tag, got, want)
		}
	}
}

func TestFor(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"fr", "fr"}, {"FR", "fr"}, {"pt-br", "en"}, {"de-ch", "de"}, {"es_MX", "es"}, {"", "en"}, {"ar", "ar"}, {"xx", "en"},
	} {
		if got := For(tc.in).Tag; got != tc.want {
			t.Errorf("For(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
	if For("ar").Dir != "rtl" || For("ja").Dir != "ltr" {
		t.Error("directions")
	}
}

// TestCatalogueComplete: every language has every word and twelve months.
func TestCatalogueComplete(t *testing.T) {
	if len(All()) < 6 {
		t.Fatalf("%d languages, the issue asks for at least 6", len(All()))
	}
	for _, m := range All() {
		if m.Tag == "" || m.Name == "" || m.Following == "" || m.Liked == "" || m.On == "" || m.Comma == "" || (m.Dir != "ltr" && m.Dir != "rtl") {
			t.Errorf("%+v is missing a word", m)
		}
		for i, mo := range m.months {
			if mo == "" {
				t.Errorf("%s: month %d", m.Tag, i+1)
			}
		}
	}
}
