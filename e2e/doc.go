// Package e2e holds tests that exercise the service where it is used: in a
// real browser (e2e/browser, Debian's Chromium driven by chromedp) and, in a
// later step, inside a real WordPress site.
package e2e
