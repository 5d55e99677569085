package render_test

import (
	"strings"
	"testing"
)

// TestScriptsAreES2016: the minified scripts use no syntax newer than the
// oldest browsers with Shadow DOM run (render.minified), or those would
// run nothing: no catch without a binding (ES2019), no ?. or ?? (ES2020),
// no async functions (ES2017).
func TestScriptsAreES2016(t *testing.T) {
	w := widget("liked", "list", "auto", nil)
	for name, js := range map[string]string{"frame": string(assets.FrameScript.Body), "embed": string(w.Script().Body)} {
		for _, newer := range []string{"catch{", "?.", "??", "async ", "await "} {
			if strings.Contains(js, newer) {
				t.Errorf("the %s script uses %q", name, newer)
			}
		}
	}
}
