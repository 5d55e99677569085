package browser

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
)

// TestHideAndPinFromTheWidgetPage: the owner hides the first blog and pins
// the last from the widget's page, with its buttons; the preview follows,
// still showing as many blogs, and a page embedding the widget too.
func TestHideAndPinFromTheWidgetPage(t *testing.T) {
	s := stack.Start(t)
	step := stack.Step(t, stack.Browser(t))
	signIn(t, s, step)
	err := chromedp.Do(step,
		chromedp.SetValue(chromedp.CSS(`.widget-form input[name=count]`), "4"),
		chromedp.Click(chromedp.CSS(`.widget-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#curate-heading`)),
	)
	if err != nil {
		t.Fatalf("creating: %v", err)
	}
	// The preview is our own frame, same origin: read its items.
	preview := func() []string {
		names, err := chromedp.Run(step, chromedp.Poll[[]string](`(() => { const d = `+shownStage+`; const n = d && [...d.querySelectorAll('.wpfl__name')].map(e => e.textContent);
			return n && n.length ? n : null; })()`))
		if err != nil {
			t.Fatalf("the preview shows nothing: %v", err)
		}
		return names
	}
	listed := func() []string {
		names, _ := chromedp.Run(step, chromedp.Evaluate[[]string](`[...document.querySelectorAll('ol.curate-list .curate-title')].map(e => e.textContent.replace('Pinned: ', '').trim())`))
		return names
	}
	before := preview()
	if len(before) != 4 || strings.Join(listed(), "|") != strings.Join(before, "|") {
		t.Fatalf("the preview shows %q, the list %q", before, listed())
	}
	err = chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`ol.curate-list li:first-child form[action$="/hide"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#curate .banner.ok`)),
	)
	if err != nil {
		t.Fatalf("hiding: %v", err)
	}
	hidden := preview()
	if len(hidden) != 4 || hidden[0] != before[1] || strings.Contains(strings.Join(hidden, "|"), before[0]) {
		t.Errorf("after hiding %q the preview shows %q", before[0], hidden)
	}
	// The hide's banner is still up until the page after the pin loads:
	// wait for what only that page has, an Unpin button.
	err = chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`ol.curate-list li:last-child form[action$="/pin"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/unpin"] button`)),
	)
	if err != nil {
		t.Fatalf("pinning: %v", err)
	}
	if pinned := preview(); len(pinned) != 4 || pinned[0] != hidden[3] {
		t.Errorf("after pinning %q the preview shows %q", hidden[3], pinned)
	}
	stack.Screenshot(t, step, "dashboard-curated", "#curate")
}
