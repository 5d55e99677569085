package browser

import (
	"context"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
)

// TestDashboardConnectCreateAndCopy is a newcomer's first minutes: connect
// through WordPress.com's consent page, make a widget, see its preview, and
// copy every snippet, checking that the clipboard holds what is shown.
func TestDashboardConnectCreateAndCopy(t *testing.T) {
	s := stack.Start(t)
	ctx := stack.Browser(t)
	step := stack.Step(t, ctx)
	logs := stack.WatchConsole(ctx)
	grant := chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		for _, name := range []string{"clipboard-read", "clipboard-write"} {
			if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
				Permission: &cdpbrowser.PermissionDescriptor{Name: name, AllowWithoutSanitization: true},
				Setting:    cdpbrowser.PermissionSettingGranted, Origin: s.Base}); err != nil {
				return err
			}
		}
		return nil
	})
	err := chromedp.Do(step, grant,
		chromedp.Navigate(s.Base+"/"),
		chromedp.Click(chromedp.CSS(`a.button[href="/auth/login"]`)),
		chromedp.WaitVisible(chromedp.CSS(`button.approve`)), // the simulated WordPress.com consent page
		chromedp.Click(chromedp.CSS(`button.approve`)),
		chromedp.WaitVisible(chromedp.CSS(`#new-heading`)),
	)
	if err != nil {
		loc, _ := chromedp.Run(step, chromedp.Location())
		t.Fatalf("connecting: %v (at %s)", err, loc)
	}
	if who, _ := chromedp.Run(step, chromedp.Text(chromedp.CSS(`.who`))); !strings.Contains(who, "Demo Reader") {
		t.Errorf("signed in as %q", who)
	}
	err = chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`input[name=kind][value=liked]`)),
		chromedp.Click(chromedp.CSS(`input[name=layout][value=grid]`)),
		chromedp.Click(chromedp.CSS(`.widget-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#preview-heading`)),
	)
	if err != nil {
		t.Fatalf("creating: %v", err)
	}
	// The live preview is our own frame, same origin: look inside it.
	n, err := chromedp.Run(step, chromedp.Poll[int](`(() => { const d = `+shownStage+`; return d && d.querySelectorAll('.wpfl__cell').length; })()`))
	if err != nil || n != 5 {
		t.Fatalf("preview shows %d pictures, want 5 (%v)", n, err)
	}
	if h, _ := chromedp.Run(step, chromedp.Evaluate[float64](`document.querySelector('iframe.board').getBoundingClientRect().height`)); h < 150 {
		t.Errorf("preview is %vpx high: it did not size itself", h)
	}
	stack.Screenshot(t, step, "dashboard-widget", "")

	buttons, err := chromedp.Run(step, chromedp.Evaluate[[]string](`[...document.querySelectorAll('button[data-copy]')].filter(b => !b.hidden).map(b => b.dataset.copy)`))
	if err != nil || len(buttons) != 7 { // link, script, iframe, RSS, Atom, JSON Feed, HTML (no OPML for liked)
		t.Fatalf("copy buttons %v, %v", buttons, err)
	}
	for _, target := range buttons {
		shown, err := chromedp.Run(step, chromedp.Value(chromedp.CSS("#"+target)))
		if err != nil || shown == "" {
			t.Fatalf("%s: %v", target, err)
		}
		// Each way to embed has its tab: show it, then copy.
		tab := chromedp.CSS(`[role=tab][aria-controls="` + strings.Replace(target, "snip-", "panel-", 1) + `"]`)
		if err := chromedp.Do(step, chromedp.Click(tab), chromedp.Click(chromedp.CSS(`button[data-copy="`+target+`"]`))); err != nil {
			t.Fatal(err)
		}
		var clip string
		deadline := time.Now().Add(5 * time.Second)
		for clip != shown && time.Now().Before(deadline) {
			clip, err = chromedp.Run(step, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("reading the clipboard: %v", err)
			}
			time.Sleep(50 * time.Millisecond)
		}
		if clip != shown {
			t.Errorf("%s: clipboard %q, shown %q", target, clip, shown)
		}
		if label, _ := chromedp.Run(step, chromedp.Text(chromedp.CSS(`button[data-copy="`+target+`"]`))); label != "Copied" {
			t.Errorf("%s: button says %q after copying", target, label)
		}
	}
	if status, _ := chromedp.Run(step, chromedp.Text(chromedp.CSS(`.copied`))); !strings.Contains(status, "copied to the clipboard") {
		t.Errorf("no announcement for screen readers: %q", status)
	}
	// The liked widget left the demo member's private posts out, and the
	// dashboard says so.
	if err := chromedp.Do(step, chromedp.Navigate(s.Base+"/dashboard"), chromedp.WaitVisible(chromedp.CSS(`.cards`))); err != nil {
		t.Fatal(err)
	}
	if note, _ := chromedp.Run(step, chromedp.Text(chromedp.CSS(`p.note`))); !strings.Contains(note, "2 posts from private sites are not shown") {
		t.Errorf("dashboard note %q", note)
	}
	stack.Screenshot(t, step, "dashboard-private-note", "")
	if errs := logs.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// widgetPage is the address of the widget page the browser is on, without
// its query, and the widget's id.
func widgetPage(ctx context.Context) (string, string) {
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	loc, _, _ = strings.Cut(loc, "?")
	return loc, loc[strings.LastIndex(loc, "/")+1:]
}

// makeWidget makes a widget titled title ("" for the default) from the
// new-widget page and returns its id, the browser on its page.
func makeWidget(t *testing.T, s *stack.Stack, step context.Context, title string) string {
	t.Helper()
	err := chromedp.Do(step,
		chromedp.Navigate(s.Base+"/dashboard/new"),
		chromedp.WaitVisible(chromedp.CSS(`#make-heading`)), // only that page has it: not the form of the page before
	)
	if err == nil && title != "" { // chromedp cannot set an empty value; the field starts empty
		err = chromedp.Do(step, chromedp.SetValue(chromedp.CSS(`.widget-form input[name=title]`), title))
	}
	if err == nil {
		err = chromedp.Do(step,
			chromedp.Click(chromedp.CSS(`.widget-form button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`#preview-heading`)),
		)
	}
	if err != nil {
		t.Fatalf("making a widget: %v", err)
	}
	_, id := widgetPage(step)
	return id
}

// signIn connects the demo member through the simulated consent page and
// leaves the browser on the dashboard.
func signIn(t *testing.T, s *stack.Stack, step context.Context) {
	t.Helper()
	err := chromedp.Do(step,
		chromedp.Navigate(s.Base+"/"),
		chromedp.Click(chromedp.CSS(`a.button[href="/auth/login"]`)),
		chromedp.WaitVisible(chromedp.CSS(`button.approve`)),
		chromedp.Click(chromedp.CSS(`button.approve`)),
		chromedp.WaitVisible(chromedp.CSS(`#new-heading`)),
	)
	if err != nil {
		t.Fatalf("connecting: %v", err)
	}
}

// TestDisplayOptions: an owner turns the title off and excerpts on, opens
// links in a new tab and caps the width, with the keyboard-usable form; a
// width out of bounds is refused with a message and nothing saved.
func TestDisplayOptions(t *testing.T) {
	s := stack.Start(t)
	step := stack.Step(t, stack.Browser(t))
	signIn(t, s, step)
	err := chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`input[name=kind][value=liked]`)),
		chromedp.Click(chromedp.CSS(`.widget-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#preview-heading`)),
	)
	if err != nil {
		t.Fatalf("creating: %v", err)
	}
	widgetPage, _ := chromedp.Run(step, chromedp.Location())
	// inside is what the preview frame (our origin) shows.
	inside := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(step, chromedp.Poll[string](`(() => { const d = `+shownStage+`; if (!d || !d.querySelector('.wpfl__item')) return ""; return `+js+`; })()`))
		if err != nil {
			t.Fatalf("preview: %v", err)
		}
		return v
	}
	if got := inside(`[!!d.querySelector('h2.wpfl__title'), d.querySelectorAll('.wpfl__excerpt').length, d.querySelector('.wpfl__link').target].join()`); got != "true,0,_top" {
		t.Errorf("defaults: title, excerpts, target = %s", got)
	}

	// Out of bounds: refused, said where, nothing saved.
	err = chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`input[name=show_title]`)),
		chromedp.SetValue(chromedp.CSS(`#field-max_width`), "50"),
		chromedp.Click(chromedp.CSS(`.widget-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#err-max_width`)),
	)
	if err != nil {
		t.Fatalf("saving a bad width: %v", err)
	}
	if msg, _ := chromedp.Run(step, chromedp.Text(chromedp.CSS(`#err-max_width`))); !strings.Contains(msg, "120") {
		t.Errorf("the width's message does not say what to fix: %q", msg)
	}
	stack.Screenshot(t, step, "dashboard-display-error", "")
	if d, err := s.App.Store.Widget(context.Background(), strings.TrimPrefix(widgetPage, s.Base+"/dashboard/widgets/")); err == nil && !d.Display.ShowTitle {
		t.Error("a refused form saved its title switch")
	}

	err = chromedp.Do(step,
		chromedp.Navigate(widgetPage), chromedp.WaitVisible(chromedp.CSS(`#preview-heading`)),
		chromedp.Click(chromedp.CSS(`input[name=show_title]`)),
		chromedp.Click(chromedp.CSS(`input[name=show_excerpts]`)),
		chromedp.Click(chromedp.CSS(`input[name=new_tab]`)),
		chromedp.SetValue(chromedp.CSS(`#field-max_width`), "260"),
		chromedp.Click(chromedp.CSS(`input[name=site_scheme][value=dark]`)),
		chromedp.SetValue(chromedp.CSS(`#field-site_link`), "#89B4FA"),
		chromedp.SetValue(chromedp.CSS(`#field-site_font`), "serif"),
		chromedp.Click(chromedp.CSS(`.widget-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#saved`)), // the page after the save (the one before may say "Created")
	)
	if err != nil {
		t.Fatalf("saving: %v", err)
	}
	got := inside(`[!!d.querySelector('h2.wpfl__title'), d.querySelector('.wpfl').getAttribute('aria-label'), d.querySelectorAll('.wpfl__excerpt').length > 0,
		d.querySelector('.wpfl__link').target, Math.round(d.querySelector('.wpfl').getBoundingClientRect().width) <= 260].join()`)
	if got != "false,Posts I Like,true,_blank,true" {
		t.Errorf("after saving: title, label, excerpts, target, narrow = %s", got)
	}
	for name, want := range map[string]bool{"show_title": false, "show_images": true, "show_meta": true, "show_excerpts": true, "new_tab": true} {
		if on, _ := chromedp.Run(step, chromedp.Evaluate[bool](`document.querySelector('input[name=`+name+`]').checked`)); on != want {
			t.Errorf("the form shows %s %v after saving, want %v", name, on, want)
		}
	}
	if look, _ := chromedp.Run(step, chromedp.Evaluate[string](`[document.querySelector('input[name=site_scheme]:checked').value,
		document.getElementById('field-site_link').value, document.getElementById('field-site_font').value].join()`)); look != "dark,#89b4fa,serif" {
		t.Errorf("the site's look after saving: %s", look)
	}
	stack.Screenshot(t, step, "dashboard-display", "")
	// At phone width the form and its new fields fit, and so does the
	// preview, on the dark site's background.
	if err := chromedp.Do(step, chromedp.EmulateViewport(390, 844), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#preview-heading`))); err != nil {
		t.Fatal(err)
	}
	if over, _ := chromedp.Run(step, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > innerWidth`)); over {
		t.Error("the widget page scrolls sideways at phone width")
	}
	stack.Screenshot(t, step, "dashboard-display-phone", "")
}
