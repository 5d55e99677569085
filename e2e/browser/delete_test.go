package browser

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
)

// TestDeleteAsksAndRestoreBringsItBack is an owner deleting a widget by
// mistake: Delete asks first, the widget disappears from a page that
// embeds it, and "Undo" brings it back with the same address, so the
// page shows it again without a new snippet.
func TestDeleteAsksAndRestoreBringsItBack(t *testing.T) {
	s := stack.Start(t)
	step := stack.Step(t, stack.Browser(t))
	signIn(t, s, step)
	err := chromedp.Do(step,
		chromedp.SetValue(chromedp.CSS(`.widget-form input[name=title]`), "Kept by mistake"),
		chromedp.Click(chromedp.CSS(`.widget-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#preview-heading`)),
	)
	if err != nil {
		t.Fatalf("creating: %v", err)
	}
	widgetURL, id := widgetPage(step)
	host := s.Page("/with-script.html", `<!doctype html><html><head><meta charset="utf-8"><title>My blog</title></head>
<body><main style="max-width:20rem">`+s.Snippet(id, "script")+`</main></body></html>`)
	shows := func() bool {
		n, err := chromedp.Run(step, chromedp.Poll[bool](`(() => { const h = document.querySelector('.wpfl-host');
			return h && h.shadowRoot && h.shadowRoot.textContent.includes('Kept by mistake'); })()`))
		return err == nil && n
	}
	if err := chromedp.Do(step, chromedp.Navigate(host)); err != nil || !shows() {
		t.Fatalf("the host page does not show the new widget (%v)", err)
	}

	// Delete asks first, on a page of its own.
	err = chromedp.Do(step,
		chromedp.Navigate(widgetURL),
		chromedp.Click(chromedp.CSS(`a.button.danger`)),
		chromedp.WaitVisible(chromedp.CSS(`form button.danger`)),
	)
	if err != nil {
		t.Fatalf("asking to delete: %v", err)
	}
	if q, _ := chromedp.Run(step, chromedp.Text(chromedp.CSS(`h1`))); q != "Delete “Kept by mistake”?" {
		t.Errorf("the question reads %q", q)
	}
	stack.Screenshot(t, step, "delete-question", "")
	err = chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`form button.danger`)),
		chromedp.WaitVisible(chromedp.CSS(`.banner.ok form button`)),
	)
	if err != nil {
		t.Fatalf("deleting: %v", err)
	}
	stack.Screenshot(t, step, "dashboard-deleted", "")
	if n, _ := chromedp.Run(step, chromedp.Evaluate[int](`document.querySelectorAll('.trash li').length`)); n != 1 {
		t.Errorf("%d deleted widgets listed, want 1", n)
	}
	if err := chromedp.Do(step, chromedp.Navigate(host)); err != nil {
		t.Fatal(err)
	}
	if gone, _ := chromedp.Run(step, chromedp.Poll[bool](`document.readyState === 'complete' && !document.querySelector('.wpfl-host')`)); !gone {
		t.Error("the host page still shows the deleted widget")
	}

	// Undo, from the dashboard: the same address works again.
	err = chromedp.Do(step,
		chromedp.Navigate(s.Base+"/dashboard"),
		chromedp.Click(chromedp.CSS(`.trash form button`)),
		chromedp.WaitVisible(chromedp.CSS(`#preview-heading`)),
	)
	if err != nil {
		t.Fatalf("restoring: %v", err)
	}
	if loc, _ := chromedp.Run(step, chromedp.Location()); loc != widgetURL+"?restored=1" {
		t.Errorf("restoring ended at %s, want the widget's own page", loc)
	}
	if err := chromedp.Do(step, chromedp.Navigate(host)); err != nil || !shows() {
		t.Errorf("the host page does not show the restored widget (%v)", err)
	}
}
