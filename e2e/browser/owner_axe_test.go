package browser

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
)

// TestOwnerPagesPassAxe: every page an owner sees, on a phone and a
// desktop, in both colour schemes, passes axe-core's WCAG 2.1 A and AA
// rules, and nothing scrolls sideways on the phone.
func TestOwnerPagesPassAxe(t *testing.T) {
	s := stack.Start(t)
	ctx := stack.Browser(t)
	// Signed out, the start page says what connecting shares.
	for _, width := range []int64{390, 1280} {
		for _, scheme := range []string{"light", "dark"} {
			name := fmt.Sprintf("owner-start-signed-out-%d-%s", width, scheme)
			step := stack.Step(t, ctx) // a page and its audit: bounded one by one, not all in one step
			if err := chromedp.Do(step, chromedp.EmulateViewport(width, 900), stack.Visitor(scheme), chromedp.Navigate(s.Base+"/")); err != nil {
				t.Fatal(err)
			}
			for _, v := range stack.Audit(t, step).Violations {
				t.Errorf("%s: %s", name, v)
			}
			if scheme == "light" {
				stack.Screenshot(t, step, name, "")
			}
		}
	}
	step := stack.Step(t, ctx)
	signIn(t, s, step)
	create := func(title string) string { return makeWidget(t, s, step, title) }
	id, gone := create("My reading"), create("Deleted by mistake")
	err := chromedp.Do(step,
		chromedp.Navigate(s.Base+"/dashboard/widgets/"+gone+"/delete"),
		chromedp.Click(chromedp.CSS(`form button.danger`)),
		chromedp.WaitVisible(chromedp.CSS(`.trash`)),
	)
	if err != nil {
		t.Fatalf("deleting: %v", err)
	}
	pages := []struct{ name, path string }{
		{"start", "/"},
		{"dashboard", "/dashboard?deleted=" + gone},
		{"widget", "/dashboard/widgets/" + id + "?saved=1"},
		{"delete", "/dashboard/widgets/" + id + "/delete"},
		{"not-found", "/dashboard/widgets/" + gone},
		{"new-with-errors", "/dashboard/new?check=1&kind=liked&count=500&title=A"},
		{"preview-board", "/dashboard/widgets/" + id + "/preview"}, // the widget page's preview frame, on its own
	}
	for _, width := range []int64{390, 1280} {
		for _, scheme := range []string{"light", "dark"} {
			step := stack.Step(t, ctx)
			if err := chromedp.Do(step, chromedp.EmulateViewport(width, 900), stack.Visitor(scheme)); err != nil {
				t.Fatal(err)
			}
			for _, p := range pages {
				name := fmt.Sprintf("owner-%s-%d-%s", p.name, width, scheme)
				step := stack.Step(t, ctx)
				if err := chromedp.Do(step, chromedp.Navigate(s.Base+p.path)); err != nil {
					t.Fatal(err)
				}
				r := stack.Audit(t, step)
				for _, v := range r.Violations {
					t.Errorf("%s: %s", name, v)
				}
				if r.Passes == 0 {
					t.Errorf("%s: axe checked nothing", name)
				}
				if over, _ := chromedp.Run(step, chromedp.Evaluate[float64](`document.documentElement.scrollWidth - document.documentElement.clientWidth`)); over > 0 {
					t.Errorf("%s scrolls sideways by %v px", name, over)
				}
				if width == 390 || scheme == "light" {
					stack.Screenshot(t, step, name, "")
				}
			}
		}
	}
}
