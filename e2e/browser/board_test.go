package browser

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/wpcom-widgets/service/e2e/stack"
)

// shownStage is JavaScript for the document of the preview board's stage
// on show (d), or null while it loads.
const shownStage = `(() => { const b = document.querySelector('iframe.board'); const bd = b && b.contentDocument;
	const st = bd && [...bd.querySelectorAll('.stage')].find(s => getComputedStyle(s).display !== 'none');
	const f = st && st.querySelector('iframe'); const d = f && f.contentDocument;
	return d && d.querySelector('.wpfl') ? d : null; })()`

// TestPreviewBoardShowsHardCases: a widget that follows the visitor is
// drawn for both kinds of visitor on a light and a dark page; the two
// unreadable cases are named with their contrast, and "Show this case"
// shows one, which really is hard to read (measured). A phone's width
// widens the frame. "My site's colours" on a dark site leaves one stage,
// the owner's, readable.
func TestPreviewBoardShowsHardCases(t *testing.T) {
	s := stack.Start(t)
	step := stack.Step(t, stack.Browser(t))
	signIn(t, s, step)
	err := chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`.widget-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#preview-heading`)),
		chromedp.Click(chromedp.CSS(`input[name=theme][value=auto]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	board := func(js string) (string, error) {
		return chromedp.Run(step, chromedp.Poll[string](`(() => { const bd = document.querySelector('iframe.board').contentDocument;
			return bd && bd.querySelector('.controls') && (`+js+`); })()`, chromedp.WithPollingTimeout(5*time.Second)))
	}
	got, err := board(`bd.querySelectorAll('.stage').length === 4 && bd.querySelectorAll('.warnings li').length + ' warnings'`)
	if err != nil || got != "2 warnings" {
		t.Fatalf("the auto widget's board: %q (%v)", got, err)
	}
	if _, err := board(`(bd.querySelector('label[for=stage-light-dark]').click(), 'ok')`); err != nil {
		t.Fatal(err)
	}
	// The case on show: light text (the dark colours) on the light page.
	ratio, err := chromedp.Run(step, chromedp.Poll[float64](`(() => { const d = `+shownStage+`;
		if (!d || !d.querySelector('.wpfl--dark')) return 0;
		const lum = c => { const [r, g, b] = c.match(/\d+/g).slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
			return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
		const st = d.defaultView.frameElement.closest('.stage');
		const fg = lum(getComputedStyle(d.querySelector('.wpfl__title')).color), bg = lum(getComputedStyle(st).backgroundColor);
		return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05); })()`, chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil || ratio == 0 || ratio >= 4.5 {
		t.Errorf("the hard case shown is %.2f:1 (%v)", ratio, err)
	}
	t.Logf("the case flagged hard to read measures %.2f:1", ratio)
	stack.Screenshot(t, step, "preview-board-hard-case", "")
	width := func() (float64, error) {
		return chromedp.Run(step, chromedp.Poll[float64](`(() => { const d = `+shownStage+`; return d && d.defaultView.frameElement.getBoundingClientRect().width; })()`))
	}
	if w, err := width(); err != nil || w != 300 {
		t.Errorf("the sidebar is %v px (%v)", w, err)
	}
	if _, err := board(`(bd.querySelector('#width-phone').click(), 'ok')`); err != nil {
		t.Fatal(err)
	}
	if w, err := width(); err != nil || w != 360 {
		t.Errorf("the phone is %v px (%v)", w, err)
	}
	// My site's colours, on a dark site: one stage, the owner's, no warning.
	err = chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`input[name=theme][value=page]`)),
		chromedp.Click(chromedp.CSS(`input[name=site_scheme][value=dark]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := board(`bd.querySelectorAll('.stage').length === 1 && !bd.querySelector('.warnings') && bd.querySelector('.stage[data-page=dark]') && 'site'`); err != nil || got != "site" {
		t.Errorf("a dark site's board: %q (%v)", got, err)
	}
	stack.Screenshot(t, step, "preview-board-own-site", "")
}

// TestFormAsksOneQuestionAtATime: the site's colours are asked only under
// "My site's colours"; a grid hides the list's options and says why; the
// colour picker writes the field, and a named colour moves the picker.
func TestFormAsksOneQuestionAtATime(t *testing.T) {
	s := stack.Start(t)
	step := stack.Step(t, stack.Browser(t))
	signIn(t, s, step)
	makeWidget(t, s, step, "")
	visible := func(sel string) bool {
		v, err := chromedp.Run(step, chromedp.Evaluate[bool](`(e => !!e && e.checkVisibility())(document.querySelector('.widget-form `+sel+`'))`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		click         string
		shown, hidden []string
	}{
		{`input[name=theme][value=light]`, nil, []string{`.site-look`, `input[name=site_text]`}},
		{`input[name=theme][value=page]`, []string{`.site-look`, `input[name=site_text]`, `input.picker`}, nil},
		{`input[name=layout][value=grid]`, []string{`.grid-only`, `input[name=show_title]`}, []string{`input[name=show_excerpts]`, `input[name=show_images]`}},
		{`input[name=layout][value=list]`, []string{`input[name=show_excerpts]`}, []string{`.grid-only`}},
	} {
		if err := chromedp.Do(step, chromedp.Click(chromedp.CSS(`.widget-form `+tc.click))); err != nil {
			t.Fatal(err)
		}
		for _, sel := range tc.shown {
			if !visible(sel) {
				t.Errorf("after %s, %s is hidden", tc.click, sel)
			}
		}
		for _, sel := range tc.hidden {
			if visible(sel) {
				t.Errorf("after %s, %s shows", tc.click, sel)
			}
		}
	}
	got, err := chromedp.Run(step, chromedp.Evaluate[string](`(() => { const p = document.querySelector('input.picker[data-picks=field-site_text]');
		p.value = '#224466'; p.dispatchEvent(new Event('input', {bubbles: true}));
		const f = document.getElementById('field-site_text'); const picked = f.value;
		f.value = 'darkslategray'; f.dispatchEvent(new Event('input', {bubbles: true}));
		return picked + ' ' + p.value; })()`))
	if err != nil || got != "#224466 #2f4f4f" {
		t.Errorf("picker and field: %q (%v)", got, err)
	}
	// A named colour is saved as its hex value.
	// The page after the save says "Saved" (the one before says "Created").
	if err := chromedp.Do(step, chromedp.Click(chromedp.CSS(`.widget-form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`#saved`))); err != nil {
		t.Fatal(err)
	}
	if v, err := chromedp.Run(step, chromedp.Evaluate[string](`document.getElementById('field-site_text').value`)); err != nil || v != "#2f4f4f" {
		t.Errorf("saved text colour %q (%v)", v, err)
	}
	stack.Screenshot(t, step, "widget-form-colours", ".widget-form")
}

// TestGetTheCodeTabsAndPhoneWidth: one tab per way to embed, by mouse and
// arrow keys; every snippet shows whole; at 390 px no owner page scrolls
// sideways and its first action is on the first screen.
func TestGetTheCodeTabsAndPhoneWidth(t *testing.T) {
	s := stack.Start(t)
	step := stack.Step(t, stack.Browser(t))
	signIn(t, s, step)
	makeWidget(t, s, step, "")
	shown := func() string {
		v, err := chromedp.Run(step, chromedp.Evaluate[string](`[...document.querySelectorAll('.snippets .snippet')].filter(p => p.checkVisibility()).map(p => p.id.split('-').pop()).join(' ')`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := shown(); got != "url" {
		t.Errorf("at first the code shows %q, want url", got)
	}
	err := chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`[role=tab][id$=-iframe]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := shown(); got != "iframe" {
		t.Errorf("the iframe tab shows %q", got)
	}
	err = chromedp.Do(step,
		chromedp.Focus(chromedp.CSS(`[role=tab][aria-selected=true]`)),
		chromedp.KeyEvent(kb.ArrowRight),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := shown(); got != "rss" {
		t.Errorf("the right arrow shows %q", got)
	}
	if f, _ := chromedp.Run(step, chromedp.Evaluate[string](`document.activeElement.id`)); !strings.HasSuffix(f, "-rss") {
		t.Errorf("the focus is on %q", f)
	}
	// Every snippet whole: no box cuts a line.
	cut, err := chromedp.Run(step, chromedp.Evaluate[string](`[...document.querySelectorAll('[role=tab]')].map(tab => { tab.click();
		const a = document.getElementById(tab.getAttribute('aria-controls')).querySelector('textarea');
		return a.scrollHeight > a.clientHeight + 1 ? a.id + ' ' + a.scrollHeight + '>' + a.clientHeight : ''; }).filter(Boolean).join(', ')`))
	if err != nil || cut != "" {
		t.Errorf("cut snippets: %q (%v)", cut, err)
	}
	stack.Screenshot(t, step, "get-the-code", "#embed-heading ~ .snippets")

	widget, err := chromedp.Run(step, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(step, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, first string }{
		{"/dashboard", `.page-head a.button`},
		{widget, `.jump a`},
		{"/dashboard/new", `input[name=kind]`},
	} {
		err := chromedp.Do(step, chromedp.Navigate(s.Base+tc.path), chromedp.WaitVisible(chromedp.CSS(`h1`)))
		if err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(step, chromedp.Evaluate[string](`(() => { const e = document.querySelector('`+tc.first+`');
			const r = e && e.getBoundingClientRect(); const de = document.documentElement;
			return (de.scrollWidth > de.clientWidth ? "scrolls sideways " + de.scrollWidth + " " + [...document.querySelectorAll("body *")].filter(x => x.getBoundingClientRect().right > de.clientWidth).slice(0, 5).map(x => x.tagName + "." + x.className + ":" + Math.round(x.getBoundingClientRect().right)).join(" ") : "") + (!r || r.bottom > innerHeight ? ' first action at ' + (r && r.bottom) : ''); })()`))
		if err != nil || got != "" {
			t.Errorf("%s at 390 px: %s (%v)", tc.path, got, err)
		}
	}
	stack.Screenshot(t, step, "new-widget-phone", "")
}

// TestLongNamesClampToTwoLines: a long blog name takes two lines and ends
// in an ellipsis by default; "Every line" shows it whole. Measured in the
// preview, which draws with the public renderer.
func TestLongNamesClampToTwoLines(t *testing.T) {
	s := stack.Start(t)
	step := stack.Step(t, stack.Browser(t))
	signIn(t, s, step)
	makeWidget(t, s, step, "")
	lines := func(want string) float64 {
		t.Helper()
		n, err := chromedp.Run(step, chromedp.Poll[float64](`(() => { const d = `+shownStage+`;
			const e = d && [...d.querySelectorAll('.wpfl__name')].find(e => e.textContent.startsWith('The Extremely Long'));
			if (!e || !d.querySelector('.wpfl`+want+`')) return 0;
			const cs = getComputedStyle(e); // the name's .3em above, beside the icon, is not a line
			return (e.getBoundingClientRect().height - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom)) / parseFloat(cs.lineHeight); })()`, chromedp.WithPollingTimeout(5*time.Second)))
		if err != nil {
			t.Fatalf("measuring %s: %v", want, err)
		}
		return n
	}
	if n := lines(`.wpfl--lines-2`); n < 1.9 || n > 2.1 {
		t.Errorf("by default the long name takes %.2f lines, want 2", n)
	}
	if _, err := chromedp.Run(step, chromedp.Evaluate[bool](`(s => { s.value = "0"; return s.dispatchEvent(new Event("change", {bubbles: true})); })(document.getElementById("field-title_lines"))`)); err != nil {
		t.Fatal(err)
	}
	if n := lines(`:not([class*=wpfl--lines-])`); n < 3 {
		t.Errorf("with every line the long name takes %.2f lines", n)
	}
}
