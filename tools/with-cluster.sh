#!/usr/bin/env bash
# Run a command against a PostgreSQL 15 server.
#
#   tools/with-cluster.sh [--keep NAME] [--conf 'name=value' ...] [--postgres PATH] -- COMMAND...
#   tools/with-cluster.sh --where NAME      (prints where the kept cluster NAME lives)
#
# By default a throwaway cluster is created in a temporary directory, started
# on a private socket directory, exported to COMMAND through PGHOST, PGPORT,
# PGUSER and PGDATABASE, then stopped and removed.  With --keep NAME the
# cluster survives (it is created on first use and stopped afterwards).  It
# lives in the home directory of the user the server runs as (postgres when
# we are root, else ourselves), under .local/state/effcap/NAME-HASH, where
# HASH names this checkout: the server can reach it wherever the checkout
# sits (a 0700 home, a path with spaces), and two checkouts keep two
# clusters.  --postgres starts the server through PATH instead of the
# postgres binary (tools/valgrind.sh uses a wrapper).  PG_CONFIG in the
# environment names another server's pg_config (its bindir is used).  With USE_PGENV=1 no
# cluster is started: COMMAND runs against whatever server the caller's PG*
# environment variables point at.
set -euo pipefail
checkout=$(cd "$(dirname "$0")/.." && pwd)

keep=""
where=""
conf=()
server=""
while [ $# -gt 0 ]; do
	case "$1" in
		--keep) keep="$2"; shift 2 ;;
		--where) where="$2"; shift 2 ;;
		--conf) conf+=("$2"); shift 2 ;;
		--postgres) server="$2"; shift 2 ;;
		--) shift; break ;;
		*) break ;;
	esac
done

# The server refuses to run as root: run it as postgres when we are root.
if [ "$(id -u)" = "0" ]; then
	owner=postgres
	as_owner() { (cd / && runuser -u postgres -- "$@"); }	# from a folder postgres can enter
else
	owner=$(id -un)
	as_owner() { "$@"; }
fi

# Where the kept cluster NAME of this checkout lives.
kept_dir() {
	local home hash
	home=$(getent passwd "$owner" | cut -d: -f6)
	[ -n "$home" ] && [ -d "$home" ] || { echo "with-cluster: user $owner has no home directory" >&2; exit 1; }
	hash=$(printf '%s' "$checkout" | sha1sum | cut -c1-8)
	printf '%s/.local/state/effcap/%s-%s\n' "$home" "$1" "$hash"
}

if [ -n "$where" ]; then
	kept_dir "$where"
	exit 0
fi
[ $# -gt 0 ] || { echo "usage: $0 [--keep NAME] [--conf name=value] [--postgres PATH] -- COMMAND..." >&2; exit 2; }

if [ "${USE_PGENV:-0}" = "1" ]; then
	exec "$@"
fi

# The server: PostgreSQL 15's, or the one whose pg_config PG_CONFIG names
# (tools/test-matrix.sh).
if [ -n "${PG_CONFIG:-}" ]; then
	bindir=$("$PG_CONFIG" --bindir)
else
	bindir=$(/usr/lib/postgresql/15/bin/pg_config --bindir 2>/dev/null || pg_config --bindir)
fi

# The socket directory is always a fresh one under /tmp: short (a socket
# path has a length limit) and free of spaces.
sockdir=$(mktemp -d /tmp/effcap-sock.XXXXXX)
if [ -n "$keep" ]; then
	base=$(kept_dir "$keep")
	as_owner mkdir -p "$base"
	printf '%s\n' "$checkout" >"$base/checkout"
else
	base=$(mktemp -d /tmp/effcap-cluster.XXXXXX)
	chown "$owner" "$base"
	chmod 755 "$base"
fi
chown "$owner" "$sockdir"
chmod 755 "$sockdir"
datadir="$base/data"

stop() {
	[ -f "$datadir/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$datadir" -m fast -w -t 300 stop >/dev/null 2>&1 || true
	[ -z "$keep" ] && rm -rf "$base"
	rm -rf "$sockdir"
}
trap stop EXIT INT TERM

if [ ! -f "$datadir/PG_VERSION" ]; then
	as_owner "$bindir/initdb" -D "$datadir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 \
		|| { cat "$base/initdb.log" >&2; exit 1; }
fi

# A free port: the first one from 55432 with no socket in use.
port=55432
while [ -e "/tmp/.s.PGSQL.$port" ] || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
	port=$((port + 1))
done

# pg_ctl hands -o to a shell: each setting is quoted.
opts="-c port=$port -c 'unix_socket_directories=$sockdir' -c listen_addresses= -c fsync=off"
for c in "${conf[@]+"${conf[@]}"}"; do
	opts="$opts -c '$c'"
done

start_opts=(-w -t 60)
[ -n "$server" ] && start_opts=(-p "$server" -w -t 900)
as_owner "$bindir/pg_ctl" -D "$datadir" -l "$base/server.log" -o "$opts" "${start_opts[@]}" start >/dev/null \
	|| { cat "$base/server.log" >&2; exit 1; }

export PGHOST="$sockdir" PGPORT="$port" PGUSER=postgres
export PGDATABASE=postgres
export EFFCAP_CLUSTER_DIR="$base"
"$@"
