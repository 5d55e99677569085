package stack

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axePath is axe-core from the npm registry, which .ci/setup installs
// (npm ci in e2e/axe, pinned by its lock file).
const axePath = "../axe/node_modules/axe-core/axe.min.js" // from a test package in e2e/

// AxeReport is what axe's color-contrast rule found in a document.
type AxeReport struct {
	Violations []string // "selector: summary", one per failing element
	Passes     int      // elements it checked and found readable
	Version    string
}

// Audit runs every axe rule of WCAG 2.1 A and AA on the document of ctx,
// as the owner pages are held to.
func Audit(t testing.TB, ctx context.Context) AxeReport {
	t.Helper()
	return runAxe(t, ctx, "", `{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations', 'passes']}`)
}

// Contrast runs axe's color-contrast rule on the document of ctx. A frame's
// document is transparent (TestFramesPaintNoBox checks the pixels), so axe,
// which cannot look through a frame to its host, is given the host page's
// background on the frame's root: bg, or "" for a top-level page.
func Contrast(t testing.TB, ctx context.Context, bg string) AxeReport {
	t.Helper()
	return runAxe(t, ctx, bg, `{runOnly: {type: 'rule', values: ['color-contrast']}, resultTypes: ['violations', 'passes']}`)
}

func runAxe(t testing.TB, ctx context.Context, bg, options string) AxeReport {
	t.Helper()
	src, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatalf("axe-core is needed: run bash .ci/setup, which installs it from the npm registry (%v)", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(src)+";\ntrue")); err != nil {
		t.Fatalf("loading axe: %v", err)
	}
	r, err := chromedp.Run(ctx, chromedp.Evaluate[AxeReport](`(async () => {
		if (`+"`"+bg+"`"+`) document.documentElement.style.background = `+"`"+bg+"`"+`;
		const r = await axe.run(document, `+options+`);
		return {violations: r.violations.flatMap(v => v.nodes.map(n => v.id + ' ' + n.target.join(' ') + ': ' + n.failureSummary.replace(/\s+/g, ' '))),
			passes: r.passes.reduce((n, p) => n + p.nodes.length, 0), version: axe.version};
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe: %v", err)
	}
	return r
}

// FrameContext attaches to the frame at url in the page of ctx: the host
// site is another site, so Chromium runs the frame as a target of its own.
// It waits for the frame to settle first (frameSettled).
func FrameContext(t testing.TB, ctx context.Context, url string) context.Context {
	t.Helper()
	frameSettled(t, ctx, url)
	// A frame becomes a target once it starts loading, a moment after its
	// page (later still when lazy): wait for it a little.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		targets, err := chromedp.Targets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, tg := range targets {
			if tg.Type == "iframe" && strings.HasPrefix(tg.URL, url) {
				c, _ := chromedp.NewContext(ctx, chromedp.WithTargetID(tg.TargetID)) //nolint:govet // closed with its tab, which ctx's owner closes
				return c
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no frame at %s", url)
			return nil
		}
	}
}

// Visitor emulates the visitor's colour scheme.
func Visitor(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	})
}

// frameSettled waits until the frame at url in the page of ctx has kept
// its size for 400 ms (our frames report their height as their content
// changes; a frame the page does not hold at its top level is not waited
// for). Attaching to a frame whose document is still changing trips a
// data race inside chromedp v0.23: Target.documentUpdated walks the new
// target's nodes while its event loop applies DOM events to them, and the
// race detector fails the test (CI runs hit it in TestIframeMatchesThePage
// and TestAxeContrastOnHostPages, the frame just taking the page's look).
func frameSettled(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	u, _ := json.Marshal(url)
	settled := `(u => { const f = [...document.querySelectorAll('iframe')].find(f => f.src.startsWith(u));
		if (!f) return true;
		const size = () => f.style.height + '/' + f.height + '/' + f.getBoundingClientRect().height;
		const before = size();
		return new Promise(r => setTimeout(() => r(size() === before), 400)); })(` + string(u) + `)`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](settled, chromedp.WithPollingInterval(100*time.Millisecond),
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the frame at %s never settled: %v", url, err)
	}
}
