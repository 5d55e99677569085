package browser

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
)

// TestOwnerSeesASaveOnTheNextReload: the owner has their widget on two
// pages of their own, as a script and as an iframe, and has looked at
// both in this browser. They change the title and the number of items,
// save, and reload each page once: the change is there, not the copy the
// browser kept (it kept the frame a minute and the script five before).
func TestOwnerSeesASaveOnTheNextReload(t *testing.T) {
	s := stack.Start(t)
	ctx := stack.Browser(t)
	step := stack.Step(t, ctx)
	signIn(t, s, step)
	err := chromedp.Do(step,
		chromedp.SetValue(chromedp.CSS(`.widget-form input[name=title]`), "Before the save"),
		chromedp.SetValue(chromedp.CSS(`.widget-form input[name=count]`), "3"),
		chromedp.Click(chromedp.CSS(`.widget-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#preview-heading`)),
	)
	if err != nil {
		t.Fatalf("creating: %v", err)
	}
	widgetURL, id := widgetPage(step)
	page := func(name, snippet string) string {
		return s.Page("/"+name+".html", `<!doctype html><html><head><meta charset="utf-8"><title>My blog</title></head>
<body><main style="max-width:22rem">`+snippet+`</main></body></html>`)
	}
	scriptPage, iframePage := page("fresh-script", s.Snippet(id, "script")), page("fresh-iframe", s.Snippet(id, "iframe"))

	// What each page shows: the title and how many blogs.
	fromScript := func() (string, int) {
		got, err := chromedp.Run(step, chromedp.Poll[map[string]any](`(() => { const h = document.querySelector('.wpfl-host');
			const r = h && h.shadowRoot; const t = r && r.querySelector('.wpfl__title');
			return t && {title: t.textContent, n: r.querySelectorAll('.wpfl__item').length}; })()`))
		if err != nil {
			t.Fatalf("the script page shows nothing: %v", err)
		}
		return got["title"].(string), int(got["n"].(float64))
	}
	fromFrame := func() (string, int) {
		if _, err := chromedp.Run(step, chromedp.Poll[bool](`document.querySelector('iframe').style.height !== ''`)); err != nil {
			t.Fatalf("the frame never loaded: %v", err)
		}
		got, err := chromedp.Run(stack.FrameContext(t, step, s.Base+"/w/"+id), chromedp.Poll[map[string]any](`(() => {
			const t = document.querySelector('.wpfl__title');
			return t && {title: t.textContent, n: document.querySelectorAll('.wpfl__item').length}; })()`))
		if err != nil {
			t.Fatalf("the frame shows nothing: %v", err)
		}
		return got["title"].(string), int(got["n"].(float64))
	}
	check := func(when, url string, read func() (string, int), title string, n int) {
		t.Helper()
		if err := chromedp.Do(step, chromedp.Navigate(url)); err != nil {
			t.Fatal(err)
		}
		if gotTitle, gotN := read(); gotTitle != title || gotN != n {
			t.Errorf("%s, %s shows %q with %d blogs, want %q with %d", when, url, gotTitle, gotN, title, n)
		}
	}
	check("before the save", scriptPage, fromScript, "Before the save", 3)
	check("before the save", iframePage, fromFrame, "Before the save", 3)

	err = chromedp.Do(step,
		chromedp.Navigate(widgetURL),
		chromedp.SetValue(chromedp.CSS(`.widget-form input[name=title]`), "After the save"),
		chromedp.SetValue(chromedp.CSS(`.widget-form input[name=count]`), "6"),
		chromedp.Click(chromedp.CSS(`.widget-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#saved`)), // the page after the save
	)
	if err != nil {
		t.Fatalf("saving: %v", err)
	}
	saved := time.Now()
	check("after the save", scriptPage, fromScript, "After the save", 6)
	check("after the save", iframePage, fromFrame, "After the save", 6)
	t.Logf("both pages showed the change %v after the save", time.Since(saved).Round(time.Millisecond))
}

// TestRefreshNowOnceAMinute: "Refresh now" fetches and says so; pressed
// again at once, it is refused politely, and the dashboard is one click
// away.
func TestRefreshNowOnceAMinute(t *testing.T) {
	s := stack.Start(t)
	step := stack.Step(t, stack.Browser(t))
	signIn(t, s, step)
	err := chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`.widget-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.freshness button`)),
		chromedp.Click(chromedp.CSS(`.freshness button`)),
		chromedp.WaitVisible(chromedp.CSS(`.freshness .banner.ok`)),
	)
	if err != nil {
		t.Fatalf("refreshing: %v", err)
	}
	if got, _ := chromedp.Run(step, chromedp.Text(chromedp.CSS(`.freshness .banner`))); !strings.Contains(got, "fetched from WordPress.com just now") {
		t.Errorf("after refreshing: %q", got)
	}
	// The widget page has no lead paragraph; the refusal's page does.
	if err := chromedp.Do(step, chromedp.Click(chromedp.CSS(`.freshness button`)), chromedp.WaitVisible(chromedp.CSS(`p.lead`))); err != nil {
		t.Fatalf("refreshing again: %v", err)
	}
	h1, _ := chromedp.Run(step, chromedp.Text(chromedp.CSS(`h1`)))
	lead, _ := chromedp.Run(step, chromedp.Text(chromedp.CSS(`p.lead`)))
	if h1 != "Just refreshed" || !strings.Contains(lead, "try again in a minute") {
		t.Errorf("a second refresh at once shows %q: %q", h1, lead)
	}
	stack.Screenshot(t, step, "refresh-too-soon", "")
}
