#!/usr/bin/env bash
# Build and install Citus for PostgreSQL 15 from the release source kept in
# ../shared/vendor/citus (nothing is downloaded), once: skipped when the
# installed Citus is the one this source builds.  The build tree is kept in
# /var/cache/effcap (or $CITUS_BUILD_DIR), so a rebuild after a change of
# the source starts from a clean unpack.  Citus's own build warnings are
# not effcap's and do not fail the build.
set -euo pipefail
checkout=$(cd "$(dirname "$0")/.." && pwd)
vendor=${CITUS_VENDOR_DIR:-$checkout/../shared/vendor/citus}
version=13.2.2
tarball=$vendor/citus-$version.tar.gz
patchfile=$vendor/pg15.20-compat.patch
pg_config=$(command -v /usr/lib/postgresql/15/bin/pg_config || command -v pg_config)
libdir=$("$pg_config" --pkglibdir)
sharedir=$("$pg_config" --sharedir)
stamp=$sharedir/extension/citus.effcap-build

[ -f "$tarball" ] || { echo "citus-install: $tarball is missing (the vendored Citus source)" >&2; exit 1; }
want=$(cat "$tarball" "$patchfile" | sha256sum | cut -c1-16)
if [ -f "$libdir/citus.so" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	exit 0
fi

if [ "$(id -u)" = "0" ]; then sudo=(); else sudo=(sudo); fi

# Build dependencies (Debian 12), besides the server headers make test installs.
pkgs=(liblz4-dev libzstd-dev libcurl4-openssl-dev libkrb5-dev make gcc patch)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "Installing Citus build dependencies: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	"${sudo[@]}" apt-get update -qq
	"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build=${CITUS_BUILD_DIR:-/var/cache/effcap}
"${sudo[@]}" mkdir -p "$build"
"${sudo[@]}" chown "$(id -u)" "$build"
rm -rf "$build/citus-$version"
tar -xzf "$tarball" -C "$build"
cd "$build/citus-$version"
patch -s -p1 <"$patchfile"
log=$build/citus-build.log
echo "Building Citus $version (a few minutes; log: $log) ..."
start=$(date +%s)
{ ./configure --with-pg-config="$pg_config" && make -j"$(nproc)" && "${sudo[@]}" make install; } >"$log" 2>&1 \
	|| { tail -40 "$log" >&2; echo "citus-install: the build failed (log: $log)" >&2; exit 1; }
echo "$want" | "${sudo[@]}" tee "$stamp" >/dev/null
echo "  built and installed in $(( $(date +%s) - start )) s"
