// Package clean turns untrusted text from WordPress.com into safe values,
// once, when it enters the service: titles and names become plain text
// (entities decoded, markup and scripts dropped), excerpts become plain text
// cut by runes at a word boundary, and URLs survive only when they are
// http(s). Templates escape again when the values leave; this package makes
// sure nothing arrives that needs more than escaping.
package clean
