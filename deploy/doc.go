// Package deploy holds how to run a fleet: compose.yaml (PostgreSQL, Redis,
// two replicas, nginx) and nginx.conf. It has no code; its test loads the
// compose file with the Compose specification's own loader and checks the
// fleet is wired as the service needs.
package deploy
