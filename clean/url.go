package clean

import (
	"net/url"
	"strings"
)

// URL returns raw as an absolute http(s) URL, or "" for anything else:
// javascript:, data:, relative or host-less URLs, URLs with a user name.
// Scheme and host are lower-cased; the rest is kept as WordPress.com sent it.
func URL(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > 2048 || strings.ContainsAny(raw, " \t\r\n\x00<>\"'`") {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return ""
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	return u.String()
}

// Host is a URL's host without "www.", for naming a site with no name.
func Host(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// Origin is scheme://host/ of a clean URL: the site a feed's file belongs
// to; "" when raw has no host.
func Origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host + "/"
}
