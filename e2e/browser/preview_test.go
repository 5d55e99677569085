package browser

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/wpcom-widgets/service/e2e/stack"
)

// TestLivePreview: typing a title and choosing a layout redraws the
// preview at once, without saving; a reload shows the saved widget.
func TestLivePreview(t *testing.T) {
	s := stack.Start(t)
	step := stack.Step(t, stack.Browser(t))
	signIn(t, s, step)
	err := chromedp.Do(step,
		chromedp.SetValue(chromedp.CSS(`.widget-form input[name=title]`), "Saved title"),
		chromedp.Click(chromedp.CSS(`.widget-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#preview-heading`)),
	)
	if err != nil {
		t.Fatalf("creating: %v", err)
	}
	inPreview := func(js string) (string, error) {
		return chromedp.Run(step, chromedp.Poll[string](`(() => { const d = `+shownStage+`; return d && (`+js+`); })()`, chromedp.WithPollingTimeout(5*time.Second)))
	}
	if got, err := inPreview(`d.querySelector('.wpfl__title').textContent`); err != nil || got != "Saved title" {
		t.Fatalf("the preview starts with %q (%v)", got, err)
	}
	if hidden, _ := chromedp.Run(step, chromedp.Evaluate[bool](`document.querySelector('button[data-live-preview]').hidden`)); !hidden {
		t.Error("with scripts, the preview button should give way to the live preview")
	}
	historyBefore, _ := chromedp.Run(step, chromedp.Evaluate[int](`history.length`))
	start := time.Now()
	err = chromedp.Do(step,
		chromedp.Focus(chromedp.CSS(`.widget-form input[name=title]`)),
		chromedp.KeyEvent(kb.End),
		chromedp.SendKeys(chromedp.CSS(`.widget-form input[name=title]`), ", then typed"),
	)
	if err != nil {
		t.Fatal(err)
	}
	got, err := inPreview(`d.querySelector('.wpfl__title').textContent === 'Saved title, then typed' && 'redrawn'`)
	if err != nil || got != "redrawn" {
		t.Fatalf("typing did not redraw the preview (%v)", err)
	}
	t.Logf("the preview was redrawn %v after the first keystroke", time.Since(start).Round(time.Millisecond))
	// Redrawing replaces the frame's page: Back still leaves the widget page.
	if after, _ := chromedp.Run(step, chromedp.Evaluate[int](`history.length`)); after != historyBefore {
		t.Errorf("typing grew the history from %d to %d entries", historyBefore, after)
	}
	if err := chromedp.Do(step, chromedp.Click(chromedp.CSS(`input[name=layout][value=grid]`))); err != nil {
		t.Fatal(err)
	}
	if got, err := inPreview(`d.querySelector('.wpfl__grid') ? 'grid' : ''`); err != nil || got != "grid" {
		t.Errorf("choosing the grid did not redraw the preview (%v)", err)
	}
	stack.Screenshot(t, step, "live-preview", "")
	if err := chromedp.Do(step, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#preview-heading`))); err != nil {
		t.Fatal(err)
	}
	if got, err := inPreview(`d.querySelector('.wpfl__title').textContent`); err != nil || !strings.HasPrefix(got, "Saved title") || got != "Saved title" {
		t.Errorf("after a reload without saving the preview shows %q (%v)", got, err)
	}
}
