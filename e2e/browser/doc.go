// Package browser tests the widgets in Debian's Chromium (/usr/bin/chromium,
// installed by .ci/run): the script embed on a hostile host page, the frame
// as WordPress serves it (sandboxed, with a secret, beside wp-embed.js from
// Debian's wordpress package), links through the redirect, themes, focus,
// and the dashboard with its copy buttons. Screenshots go to
// e2e/browser/screenshots for people to look at.
package browser
