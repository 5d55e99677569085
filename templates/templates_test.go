package templates

import (
	"strings"
	"testing"
)

// The inlined scripts keep their code and lose their comments and line
// breaks; a missing one stops the start.
func TestInlineScript(t *testing.T) {
	for _, name := range []string{"resizer.js", "gone.js"} {
		js := InlineScript(name)
		if js == "" || strings.Contains(js, "\n") || strings.Contains(js, "Inlined one line per line") {
			t.Errorf("%s: %q", name, js)
		}
	}
	if js := InlineScript("gone.js"); !strings.HasPrefix(js, "(function(){var p=window.parent;") || !strings.HasSuffix(js, "})();") {
		t.Errorf("gone.js inlined as %q", js)
	}
	defer func() {
		if recover() == nil {
			t.Error("a missing script did not panic")
		}
	}()
	InlineScript("no-such.js")
}
