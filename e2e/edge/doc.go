// Package edge tests the fleet's edge cache: Debian's nginx, run on
// 127.0.0.1 with the shipped deploy/nginx.conf (only its upstream, its
// listen address and its cache folder swapped for the test's), in front of
// one replica of the service. It fails, never skips, when nginx is missing:
// .ci/setup installs it.
package edge
