#!/usr/bin/env bash
# Measures the edge cache: deploy/nginx.conf run on 127.0.0.1 in front of a
# running service, answering for a widget from its cache, against nginx
# sending the same bytes from a file (../shared/bench/embed-vs-nginx.sh,
# beside the repository), and prints the ratio.
#
#   deploy/bench-edge.sh URL [ROUNDS] [SECONDS] [CONNECTIONS]
#
# URL is a widget on a running service, e.g. http://127.0.0.1:8080/w/abc123
# (go run ./cmd/widgets -demo, then make a widget on its dashboard). The
# edge is the shipped file with its upstream, listen address and cache
# folder swapped, as e2e/edge swaps them, inside an http block with the
# access log off, as the static nginx has it. ROUNDS, SECONDS and
# CONNECTIONS go to the shared script. Needs nginx, wrk and curl.
set -euo pipefail
url=${1:?usage: bench-edge.sh URL [ROUNDS] [SECONDS] [CONNECTIONS]}
shift
here=$(cd "$(dirname "$0")" && pwd)
bench=$here/../../shared/bench/embed-vs-nginx.sh
[ -f "$bench" ] || { echo "needs $bench (the project's shared folder, beside the repository)" >&2; exit 2; }
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "needs nginx: apt-get install -y nginx-light" >&2; exit 2; }
case $url in
  http://*/w/*) ;;
  *) echo "URL must be http://HOST:PORT/w/ID…" >&2; exit 2 ;;
esac
rest=${url#http://}
replica=${rest%%/*} path=/${rest#*/}

work=$(mktemp -d)
chmod 755 "$work" # nginx's workers run as nobody when started as root
cleanup() { [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

# The shipped file, with each swap checked to apply exactly once.
swap() { # file old new
  local n
  n=$(grep -cF -- "$2" "$1" || true)
  [ "$n" = 1 ] || { echo "deploy/nginx.conf has '$2' $n times, expected once: update this script with the file" >&2; exit 2; }
  OLD=$2 NEW=$3 perl -0pi -e 's/\Q$ENV{OLD}\E/$ENV{NEW}/' "$1"
}
cp "$here/nginx.conf" "$work/widgets.conf"
swap "$work/widgets.conf" "server widgets-1:8080 max_fails=3 fail_timeout=10s;" "server $replica;"
swap "$work/widgets.conf" "server widgets-2:8080 max_fails=3 fail_timeout=10s;" ""
swap "$work/widgets.conf" "    listen 80;" "    listen 127.0.0.1:$port;"
swap "$work/widgets.conf" "proxy_cache_path /var/cache/nginx/widgets " "proxy_cache_path $work/cache "
cat > "$work/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  include $work/widgets.conf;
}
EOF
"$nginx" -p "$work" -c "$work/nginx.conf"
sleep 0.3

edge="http://127.0.0.1:$port$path"
for ae in identity gzip; do # fill both copies, then check the edge answers
  curl -sf -o /dev/null -H "Accept-Encoding: $ae" "$edge" || { echo "the edge cannot fetch $url" >&2; cat "$work/error.log" >&2; exit 2; }
done
status=$(curl -sf -o /dev/null -D - -H 'Accept-Encoding: gzip' "$edge" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-cache-status"{print $2}')
echo "edge: $("$nginx" -v 2>&1) on 127.0.0.1:$port in front of $replica; X-Cache-Status $status"
[ "$status" = HIT ] || { echo "the edge does not answer from its cache" >&2; exit 2; }
"$bench" "$edge" "$@"
