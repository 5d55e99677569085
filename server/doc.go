// Package server is the HTTP face of the service: one function (New)
// assembles the Gin engine with an explicit middleware list, and handlers
// are methods on small structs, grouped by endpoint family in files named
// after them (pages.go, health.go, …). Errors become responses in one place
// (errors.go); secrets never reach the access log (middleware.go).
package server
