package browser

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// TestKeptRedirectLinkShowsWhereItGoes: a /w/ID/go link opened from
// anywhere but our frame (typed, kept in a mail) does not redirect; the
// visitor sees where it goes and a link, in light and dark.
func TestKeptRedirectLinkShowsWhereItGoes(t *testing.T) {
	s := stack.Start(t)
	id := s.Widget(wpcomtest.DemoUser, "liked", 5, "list", "auto")
	target := "https://animalsofpnw.com/2020/09/30/talking-with-your-dog-or-cat/"
	for _, scheme := range []string{"light", "dark"} {
		ctx := stack.Browser(t)
		step := stack.Step(t, ctx)
		err := chromedp.Do(step,
			chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
				return err
			}),
			chromedp.Navigate(s.Base+"/w/"+id+"/go?url="+url.QueryEscape(target)),
			chromedp.WaitVisible(chromedp.CSS(`h1`)))
		if err != nil {
			t.Fatal(err)
		}
		loc, _ := chromedp.Run(step, chromedp.Location())
		heading, _ := chromedp.Run(step, chromedp.Text(chromedp.CSS(`h1`)))
		href, _ := chromedp.Run(step, chromedp.Evaluate[string](`document.querySelector('a.button').href`))
		if !strings.HasPrefix(loc, s.Base) || heading != "This link goes to animalsofpnw.com" || href != target {
			t.Errorf("%s: at %s, heading %q, link %q", scheme, loc, heading, href)
		}
		stack.Screenshot(t, step, "redirect-kept-link-"+scheme, "")
	}
}
