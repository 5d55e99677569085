// Package server is the HTTP face of the service. New (server.go) builds
// the areas and the Gin engine with an explicit middleware list. Each area
// is a struct holding only what it may touch, through small interfaces
// declared beside it: sessions (session.go, pages.go), signIn (auth.go,
// state.go), dashboard (dashboard.go, formview.go; delete.go, refresh.go,
// curate.go and preview.go for deleting, freshness, curation and the live
// preview), embeds (embeds.go,
// redirect.go) and ops (health.go). Errors become responses in one place,
// core.answer (errors.go), which picks the status, body type, caching and
// headers; every good public response goes out through serve (respond.go),
// which does ETags, gzip and caching. Secrets never reach the access log
// (middleware.go).
package server
