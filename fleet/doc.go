// Package fleet is what replicas share, in one place: members' lists in
// memory in front of Redis (tiered.go, redistier.go), notices of what
// changed over Redis publish and subscribe (bus.go, notices.go),
// WordPress.com's throttle pause (pause.go) and the budget of calls to it
// (budget.go), all on one connection (fleet.go). Only app imports it, and
// uses it only with WIDGETS_REDIS_URL set.
package fleet
