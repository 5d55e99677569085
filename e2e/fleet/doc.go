// Package fleet tests the service as operators run it at scale: several
// replicas sharing one PostgreSQL and one Redis behind a load balancer.
// Its test starts three replicas in one process on 127.0.0.1 ports, with
// the real PostgreSQL and a redis-server of its own (so it can stop and
// restart it), against one WordPress.com simulator.
package fleet
