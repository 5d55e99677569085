package server

import (
	"strings"
	"testing"

	"github.com/wpcom-widgets/service/model"
)

// The preview stands a widget on the pages it may land on, and flags the
// ones where its text would be hard to read, with the contrast.
func TestPreviewStages(t *testing.T) {
	for _, tc := range []struct {
		name   string
		w      model.Widget
		stages string // ids, with "!" for a warning
		warn   string // in every warning
	}{
		{"own look, dark", model.Widget{Theme: model.Page, Look: model.Look{Dark: true}}, "site", ""},
		{"own look, a colour", model.Widget{Theme: model.Page, Look: model.Look{Text: "#333333"}}, "site", ""},
		{"page, nothing said", model.Widget{Theme: model.Page}, "light dark!", "If your site is dark, say so"},
		{"light", model.Widget{Theme: model.Light}, "light dark!", "On a dark page, “Light” draws dark text"},
		{"dark", model.Widget{Theme: model.Dark}, "light! dark", "On a light page, “Dark” draws light text"},
		{"dark, with a dark look kept from before", model.Widget{Theme: model.Dark, Look: model.Look{Dark: true}}, "light! dark", "“Dark”"},
		{"auto", model.Widget{Theme: model.Auto}, "light-light light-dark! dark-light! dark-dark", "a visitor whose device prefers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ids []string
			for _, s := range previewStages(tc.w) {
				id := s.ID
				if s.Warning != "" {
					id += "!"
					if !strings.Contains(s.Warning, tc.warn) || !strings.Contains(s.Warning, ":1") {
						t.Errorf("%s: warning %q", s.ID, s.Warning)
					}
					if s.Contrast >= readable {
						t.Errorf("%s warns at %.1f:1", s.ID, s.Contrast)
					}
				} else if s.Contrast < readable {
					t.Errorf("%s is %.1f:1 without a warning", s.ID, s.Contrast)
				}
				ids = append(ids, id)
			}
			if got := strings.Join(ids, " "); got != tc.stages {
				t.Errorf("stages %q, want %q", got, tc.stages)
			}
		})
	}
}
