#!/usr/bin/env bash
# Run a command against a PostgreSQL 15 server.
#
#   tools/with-cluster.sh [--keep DIR] [--conf 'name=value' ...] [--postgres PATH] -- COMMAND...
#
# By default a throwaway cluster is created in a temporary directory, started
# on a private socket directory, exported to COMMAND through PGHOST, PGPORT,
# PGUSER and PGDATABASE, then stopped and removed.  With --keep DIR the
# cluster lives in DIR and survives (it is created on first use and stopped
# afterwards).  --postgres starts the server through PATH instead of the
# postgres binary (tools/valgrind.sh uses a wrapper).  With USE_PGENV=1 no
# cluster is started: COMMAND runs against whatever server the caller's PG*
# environment variables point at.
set -euo pipefail

keep=""
conf=()
server=""
while [ $# -gt 0 ]; do
	case "$1" in
		--keep) keep="$2"; shift 2 ;;
		--conf) conf+=("$2"); shift 2 ;;
		--postgres) server="$2"; shift 2 ;;
		--) shift; break ;;
		*) break ;;
	esac
done
[ $# -gt 0 ] || { echo "usage: $0 [--keep DIR] [--conf name=value] -- COMMAND..." >&2; exit 2; }

if [ "${USE_PGENV:-0}" = "1" ]; then
	exec "$@"
fi

bindir=$(/usr/lib/postgresql/15/bin/pg_config --bindir 2>/dev/null || pg_config --bindir)

# The server refuses to run as root: run it as postgres when we are root.
if [ "$(id -u)" = "0" ]; then
	owner=postgres
	as_owner() { runuser -u postgres -- "$@"; }
else
	owner=$(id -un)
	as_owner() { "$@"; }
fi

if [ -n "$keep" ]; then
	mkdir -p "$keep"
	base=$(cd "$keep" && pwd)
else
	base=$(mktemp -d /tmp/effcap-cluster.XXXXXX)
fi
datadir="$base/data"
sockdir="$base/sock"
mkdir -p "$sockdir"
chown "$owner" "$base" "$sockdir" 2>/dev/null || true
chmod 755 "$base"

stop() {
	[ -f "$datadir/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$datadir" -m fast -w -t 300 stop >/dev/null 2>&1 || true
	if [ -z "$keep" ]; then
		rm -rf "$base"
	fi
}
trap stop EXIT INT TERM

if [ ! -f "$datadir/PG_VERSION" ]; then
	as_owner "$bindir/initdb" -D "$datadir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 \
		|| { cat "$base/initdb.log" >&2; exit 1; }
fi

# A free port: the first one from 55432 with no socket in use.
port=55432
while [ -e "/tmp/.s.PGSQL.$port" ] || [ -e "$sockdir/.s.PGSQL.$port" ] ||
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
	port=$((port + 1))
done

opts="-c port=$port -c unix_socket_directories=$sockdir -c listen_addresses= -c fsync=off"
for c in "${conf[@]+"${conf[@]}"}"; do
	opts="$opts -c $c"
done


start_opts=(-w -t 60)
[ -n "$server" ] && start_opts=(-p "$server" -w -t 900)
as_owner "$bindir/pg_ctl" -D "$datadir" -l "$base/server.log" -o "$opts" "${start_opts[@]}" start >/dev/null \
	|| { cat "$base/server.log" >&2; exit 1; }

export PGHOST="$sockdir" PGPORT="$port" PGUSER=postgres
export PGDATABASE=postgres
export EFFCAP_CLUSTER_DIR="$base"
"$@"
