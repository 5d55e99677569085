package browser

import (
	"context"
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
)

// TestOwnerPagesOnTheFirstScreen takes the README's pictures of the
// owner's side (readme-*.png, copied into docs/ by hand) and checks what
// they are meant to show: on a desktop, the widget page's preview sits
// beside its form on the first screen; on a phone, "See the preview" at
// the top leads to it; the dashboard's "New widget" and the delete
// question's button are on the first screen at both sizes.
func TestOwnerPagesOnTheFirstScreen(t *testing.T) {
	s := stack.Start(t)
	step := stack.Step(t, stack.Browser(t))
	signIn(t, s, step)
	create := func(title string) string { return makeWidget(t, s, step, title) }
	id, gone := create("Blogs I read"), create("Old list")
	err := chromedp.Do(step,
		chromedp.Navigate(s.Base+"/dashboard/widgets/"+gone+"/delete"),
		chromedp.Click(chromedp.CSS(`form button.danger`)),
		chromedp.WaitVisible(chromedp.CSS(`.trash`)),
	)
	if err != nil {
		t.Fatalf("deleting: %v", err)
	}
	onFirstScreen := func(sel string) bool {
		v, err := chromedp.Run(step, chromedp.Evaluate[bool](`(e => !!e && e.getBoundingClientRect().bottom <= innerHeight && e.getBoundingClientRect().top > -1)(document.querySelector('`+sel+`'))`))
		return err == nil && v
	}
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		if err := chromedp.Do(step, chromedp.EmulateViewport(size.width, size.height), stack.Visitor("light")); err != nil {
			t.Fatal(err)
		}
		shot := func(name string) {
			// The first screen: what the owner sees before scrolling.
			var png []byte
			err := chromedp.Do(step, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				r, err := chromedp.Call(ctx, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{})
				if err == nil {
					png = r.Data
				}
				return err
			}))
			if err != nil {
				t.Fatal(err)
			}
			stack.SavePicture(t, "readme-"+name+"-"+size.name, png)
		}
		// The dashboard just after a delete: the undo, the list, the trash.
		if err := chromedp.Do(step, chromedp.Navigate(s.Base+"/dashboard?deleted="+gone), chromedp.WaitVisible(chromedp.CSS(`.cards`))); err != nil {
			t.Fatal(err)
		}
		if !onFirstScreen(`.page-head a.button`) || !onFirstScreen(`.banner.ok form button`) {
			t.Errorf("%s: 'New widget' or the undo is below the first screen", size.name)
		}
		shot("dashboard")
		if err := chromedp.Do(step, chromedp.Navigate(s.Base+"/dashboard/widgets/"+id+"/delete"), chromedp.WaitVisible(chromedp.CSS(`form button.danger`))); err != nil {
			t.Fatal(err)
		}
		if !onFirstScreen(`form button.danger`) {
			t.Errorf("%s: the delete button is below the first screen", size.name)
		}
		shot("delete")
		if err := chromedp.Do(step, chromedp.Navigate(s.Base+"/dashboard/widgets/"+id), chromedp.WaitVisible(chromedp.CSS(`#preview-heading`))); err != nil {
			t.Fatal(err)
		}
		if size.name == "phone" {
			if !onFirstScreen(`.jump a`) {
				t.Error("phone: 'See the preview' is below the first screen")
			}
			if err := chromedp.Do(step, chromedp.Click(chromedp.CSS(`.jump a`))); err != nil {
				t.Fatal(err)
			}
		}
		if !onFirstScreen(`#preview-heading`) {
			t.Errorf("%s: the preview is not on the screen", size.name)
		}
		if _, err := chromedp.Run(step, chromedp.Poll[bool](`!!(`+shownStage+`)`)); err != nil {
			t.Fatalf("%s: the preview shows nothing: %v", size.name, err)
		}
		shot("widget")
	}
}
