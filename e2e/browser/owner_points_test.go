package browser

import (
	"math"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// TestOwnerSlips drives the owner's smaller points in one signed-in
// session: the start page says why the global scope and how to revoke;
// a new member's empty widget says why it is empty and what visitors
// see; a failed create comes back by an address a reload shows again
// (no second post), every value kept; "Created" after a create; the
// preview's frames fit their content; a grid names every blog under its
// picture, on a tinted placeholder; disconnecting links to revoking.
func TestOwnerSlips(t *testing.T) {
	s := stack.Start(t)
	step := stack.Step(t, stack.Browser(t))
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(step, chromedp.Evaluate[string](`(e => e ? e.textContent.replace(/\s+/g, ' ').trim() : '')(document.querySelector('`+sel+`'))`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// Trust, before leaving for WordPress.com.
	if err := chromedp.Do(step, chromedp.Navigate(s.Base+"/"), chromedp.WaitVisible(chromedp.CSS(`a.button[href="/auth/login"]`))); err != nil {
		t.Fatal(err)
	}
	if page := text(`main`); !strings.Contains(page, "global") || !strings.Contains(page, "never leaves") {
		t.Errorf("the start page does not say why global and that the token stays: %.300s", page)
	}
	if text(`main a[href="https://wordpress.com/me/security/connected-applications"]`) == "" {
		t.Error("the start page does not link to revoking access")
	}
	err := chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`a.button[href="/auth/login"]`)),
		chromedp.WaitVisible(chromedp.CSS(`button.approve`)),
		chromedp.SetValue(chromedp.CSS(`#user`), wpcomtest.NewUser),
		chromedp.Click(chromedp.CSS(`button.approve`)),
		chromedp.WaitVisible(chromedp.CSS(`#new-heading`)),
	)
	if err != nil {
		t.Fatalf("connecting: %v", err)
	}

	// A failed create: back at an address, with the values and the messages.
	err = chromedp.Do(step,
		chromedp.SetValue(chromedp.CSS(`.widget-form input[name=title]`), "Nothing yet"),
		chromedp.SetValue(chromedp.CSS(`.widget-form input[name=count]`), "500"),
		chromedp.Click(chromedp.CSS(`.widget-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#err-count`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // and once more after a reload, which posts nothing
		loc, _ := chromedp.Run(step, chromedp.Evaluate[string](`location.pathname + ' ' + performance.getEntriesByType('navigation')[0].type`))
		title, _ := chromedp.Run(step, chromedp.Value(chromedp.CSS(`.widget-form input[name=title]`)))
		if !strings.HasPrefix(loc, "/dashboard/new ") || title != "Nothing yet" || !strings.Contains(text(`#err-count`), "from 1 to 50") {
			t.Errorf("after a failed create: at %q, title %q, error %q", loc, title, text(`#err-count`))
		}
		if err := chromedp.Do(step, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#err-count`))); err != nil {
			t.Fatal(err)
		}
	}
	err = chromedp.Do(step,
		chromedp.SetValue(chromedp.CSS(`.widget-form input[name=count]`), "5"),
		chromedp.Click(chromedp.CSS(`.widget-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#preview-heading`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := text(`.banner.ok`); !strings.HasPrefix(got, "Created.") {
		t.Errorf("after a create the banner says %q", got)
	}
	// Empty, honestly: why, and what visitors see (in WordPress, a space).
	if got := text(`#empty-note`); !strings.Contains(got, "you follow no blogs") || !strings.Contains(got, "200 pixels") {
		t.Errorf("the empty widget's note: %q", got)
	}
	stack.Screenshot(t, step, "owner-empty-widget", "")

	// Disconnecting links to revoking access at WordPress.com.
	err = chromedp.Do(step,
		chromedp.Navigate(s.Base+"/dashboard"),
		chromedp.Click(chromedp.CSS(`details summary`)),
		chromedp.Click(chromedp.CSS(`form[action="/auth/disconnect"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="https://wordpress.com/me/security/connected-applications"]`)),
	)
	if err != nil {
		t.Errorf("after disconnecting: %v", err)
	}
}

// TestPreviewFitsAndGridsHaveNames: the preview board is as tall as what
// it shows, and its frame as tall as the widget (no empty band, nothing
// cut); a grid of blogs shows each blog's name under its picture, and a
// tinted square while the picture loads (a blog without one: its
// monogram, in the same place).
func TestPreviewFitsAndGridsHaveNames(t *testing.T) {
	s := stack.Start(t)
	step := stack.Step(t, stack.Browser(t))
	signIn(t, s, step)
	err := chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`input[name=layout][value=grid]`)),
		chromedp.Click(chromedp.CSS(`.widget-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#preview-heading`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(step, chromedp.Evaluate[float64](`window.__fitDeadline = performance.now() + 5000`)); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(step, chromedp.Poll[map[string]any](`(() => { const d = `+shownStage+`; if (!d) return null;
		const b = document.querySelector('iframe.board'), f = d.defaultView.frameElement;
		const cells = [...d.querySelectorAll('.wpfl__cell')];
		if (!cells.length || f.style.height === '' || b.style.height === '') return null;
		const fits = (x, y) => Math.abs(x - y) <= 2;
		// Sizes settle as pictures come: wait (bounded) for the messages to catch up.
		if (!(fits(b.getBoundingClientRect().height, b.contentDocument.documentElement.getBoundingClientRect().height) &&
			fits(f.getBoundingClientRect().height, d.documentElement.getBoundingClientRect().height)) && performance.now() < window.__fitDeadline) return null;
		return {board: b.getBoundingClientRect().height, boardContent: b.contentDocument.documentElement.getBoundingClientRect().height,
			frame: f.getBoundingClientRect().height, frameContent: d.documentElement.getBoundingClientRect().height,
			cells: cells.length,
			named: cells.filter(c => { const n = c.querySelector('.wpfl__caption'); return n && n.checkVisibility() && n.textContent.trim() !== '' &&
				n.getBoundingClientRect().top >= c.querySelector('img, .wpfl__mono').getBoundingClientRect().bottom - 1; }).length,
			tint: getComputedStyle(d.querySelector('.wpfl__image')).backgroundColor}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got["board"].(float64)-got["boardContent"].(float64)) > 2 || math.Abs(got["frame"].(float64)-got["frameContent"].(float64)) > 2 {
		t.Errorf("the preview does not fit: board %v for %v, frame %v for %v", got["board"], got["boardContent"], got["frame"], got["frameContent"])
	}
	if got["named"] != got["cells"] {
		t.Errorf("%v of %v pictures have a visible name under them", got["named"], got["cells"])
	}
	if tint, _ := got["tint"].(string); tint == "" || tint == "rgba(0, 0, 0, 0)" || tint == "transparent" {
		t.Errorf("a picture's placeholder is %q, not tinted", tint)
	}
	t.Logf("board %v px for %v, frame %v px for %v; %v names", got["board"], got["boardContent"], got["frame"], got["frameContent"], got["named"])
}
