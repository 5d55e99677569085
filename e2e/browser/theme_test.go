package browser

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// contrastJS measures WCAG contrast of the widget's text colours against
// what is really behind them: the frame's canvas, whose colour follows the
// page's color-scheme (a probe with background: Canvas reads it).
const contrastJS = `(() => {
	const rgb = c => c.match(/[\d.]+/g).slice(0, 3).map(Number);
	const lum = c => { const v = rgb(c).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
		return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
	const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
	const probe = document.createElement('div'); probe.style.background = 'Canvas'; document.body.appendChild(probe);
	const bg = getComputedStyle(probe).backgroundColor; probe.remove();
	const color = sel => getComputedStyle(document.querySelector(sel)).color;
	return {bg, link: ratio(color('.wpfl__link'), bg), title: ratio(color('.wpfl__title'), bg), muted: ratio(color('.wpfl__on'), bg)};
})()`

func TestThemesAreReadable(t *testing.T) {
	s := stack.Start(t)
	ctx := stack.Browser(t)
	for _, theme := range []string{"light", "dark", "auto"} {
		id := s.Widget(wpcomtest.DemoUser, "liked", 5, "list", theme)
		for _, scheme := range []string{"light", "dark"} {
			t.Run(theme+"/"+scheme, func(t *testing.T) {
				step := stack.Step(t, ctx)
				err := chromedp.Do(step,
					chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
						_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
							Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
						return err
					}),
					chromedp.Navigate(s.Base+"/w/"+id))
				if err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(step, chromedp.Evaluate[map[string]any](contrastJS))
				if err != nil {
					t.Fatal(err)
				}
				for _, k := range []string{"link", "title", "muted"} {
					if r, _ := got[k].(float64); r < 4.5 {
						t.Errorf("%s contrast %.2f on %v, want at least 4.5 (WCAG AA)", k, r, got["bg"])
					}
				}
				wantDark := theme == "dark" || theme == "auto" && scheme == "dark"
				if dark := got["bg"] != "rgb(255, 255, 255)"; dark != wantDark {
					t.Errorf("canvas %v: dark %v, want %v", got["bg"], dark, wantDark)
				}
			})
		}
	}
}

func TestKeyboardFocusIsVisible(t *testing.T) {
	s := stack.Start(t)
	id := s.Widget(wpcomtest.DemoUser, "following", 20, "grid", "auto")
	ctx := stack.Browser(t)
	step := stack.Step(t, ctx)
	if err := chromedp.Do(step, chromedp.Navigate(s.Base+"/w/"+id), chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(step, chromedp.Evaluate[map[string]any](`(() => { const a = document.activeElement, cs = getComputedStyle(a);
		return {tag: a.tagName, cls: a.className, style: cs.outlineStyle, width: parseFloat(cs.outlineWidth)}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if got["tag"] != "A" || got["style"] == "none" || got["width"].(float64) < 2 {
		t.Errorf("focused element %v: no visible outline", got)
	}
	stack.Screenshot(t, step, "keyboard-focus", ".wpfl")
}

// TestScreenshots writes one picture of each kind, layout and theme for
// people to look at (e2e/browser/screenshots).
func TestScreenshots(t *testing.T) {
	s := stack.Start(t)
	ctx := stack.Browser(t)
	for _, kind := range []string{"following", "liked"} {
		for _, layout := range []string{"list", "grid"} {
			for _, theme := range []string{"light", "dark"} {
				id := s.Widget(wpcomtest.DemoUser, kind, 8, layout, theme)
				step := stack.Step(t, ctx)
				bg := map[string]string{"light": "#ffffff", "dark": "#1d2327"}[theme]
				page := s.Page(fmt.Sprintf("/shot-%s.html", id), `<!doctype html><html><head><meta charset="utf-8"><title>shot</title></head>
<body style="margin:0;background:`+bg+`;color-scheme:`+theme+`"><div style="width:320px;padding:16px">`+
					s.Snippet(id, "", "", "script")+`</div></body></html>`)
				if err := chromedp.Do(step, chromedp.EmulateViewport(360, 900), chromedp.Navigate(page)); err != nil {
					t.Fatal(err)
				}
				if _, err := chromedp.Run(step, chromedp.Poll[bool](`(() => { const h = document.querySelector('.wpfl-host');
					return !!h && [...h.shadowRoot.querySelectorAll('img')].every(i => i.complete && i.naturalWidth > 0); })()`)); err != nil {
					t.Fatalf("%s %s %s did not render with its pictures: %v", kind, layout, theme, err)
				}
				stack.Screenshot(t, step, fmt.Sprintf("%s-%s-%s", kind, layout, theme), "body > div")
			}
		}
	}
}
