#!/usr/bin/env bash
# Build a PostgreSQL server for the test matrix from Debian's own source
# package, and pgTAP for it from Debian's pgtap source package, once: the
# build is kept under /var/cache/effcap/pg (or $PG_BUILD_DIR) and made again
# only when the source version or the flags change.  Prints the install
# prefix (its bin/pg_config is what effcap builds against).
#
#   tools/pg-build.sh MAJOR FLAVOR
#
#   MAJOR   18: Debian sid's postgresql-18, or 17: trixie's postgresql-17.
#           The source comes through a deb-src entry for trixie and sid on
#           the mirror the machine's own apt sources use, added if apt does
#           not know the package yet.  Nothing else is fetched.  For 17 the
#           package registry here answers 404 for the files of the version
#           trixie's index names (17.12-0+deb13u1) but serves trixie's
#           previous point release, 17.11-0+deb13u1, from the same pool: 17
#           is built from that, its .dsc checked against the signatures of
#           Debian's developer keyring (package debian-keyring) and its
#           files against the .dsc (dpkg-source --require-valid-signature).
#           pgTAP: the registry serves the upstream tarball of Debian's
#           pgtap source package but not its .dsc or Debian changes, so
#           pgTAP is built from that tarball, checked against the SHA-256
#           of apt's signed source index.
#   FLAVOR  cassert: --enable-cassert --enable-debug (assertions, memory
#           context checks, freed memory clobbered);
#           asan: the same, compiled and linked with AddressSanitizer
#           (-fsanitize=address -fno-omit-frame-pointer).  Run it with the
#           environment tools/test-matrix.sh sets (ASAN_OPTIONS).
set -euo pipefail

major=${1:?usage: tools/pg-build.sh MAJOR cassert|asan}
flavor=${2:?usage: tools/pg-build.sh MAJOR cassert|asan}
pool_version=""				# a version taken from the pool by name
case "$major" in
	17) suite=trixie; pool_version=17.11-0+deb13u1 ;;
	18) suite=sid ;;
	*) echo "pg-build: PostgreSQL $major is not in the matrix (17 or 18)" >&2; exit 2 ;;
esac
cflags="-O2 -g"
ldflags=""
case "$flavor" in
	cassert) ;;
	asan)
		cflags="-O1 -g -fsanitize=address -fno-omit-frame-pointer"
		ldflags="-fsanitize=address"
		;;
	*) echo "pg-build: flavor $flavor is not cassert or asan" >&2; exit 2 ;;
esac
configure_flags=(--enable-cassert --enable-debug --without-icu --without-readline --without-zlib
	--without-llvm)

if [ "$(id -u)" = "0" ]; then sudo=(); else sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
cache=${PG_BUILD_DIR:-/var/cache/effcap/pg}
prefix=$cache/$major-$flavor
# Debian's per-version-dirs patch puts the server's libraries (and so every
# extension's) in /usr/lib/postgresql/MAJOR/lib unless libdir names
# postgres: each build keeps its own under its prefix.
configure_flags+=(--libdir="$prefix/lib/postgresql")
log=$cache/$major-$flavor.log
"${sudo[@]}" mkdir -p "$cache/src"
"${sudo[@]}" chown "$(id -u)" "$cache" "$cache/src"

# Build tools (Debian 12); PostgreSQL 18's release tarball no longer
# carries its generated parsers: bison and flex make them.
need=(gcc make perl dpkg-dev bison flex)
[ -n "$pool_version" ] && need+=(debian-keyring gpgv)
missing=()
for p in "${need[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	"${sudo[@]}" apt-get update -qq
	"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The source: the newest version of the suite's package.
src_list=/etc/apt/sources.list.d/effcap-deb-src.sources
# (empty when apt knows no source of it yet: on a fresh machine apt-cache
# fails, as no deb-src entry exists)
source_version() {
	{ apt-cache showsrc "$1" 2>/dev/null || true; } | awk '/^Version:/ { print $2 }' | sort -V | tail -1
}
pgver=$(source_version "postgresql-$major")
tapver=$(source_version pgtap)
if [ -z "$pgver" ] || [ ! -f "$src_list" ]; then
	# the mirror of the machine's own Debian entry (deb822 or one-line form)
	mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
		awk '/^URIs:/ { u = $2 } /^Suites:/ && / bookworm( |$)/ { print u; exit }')
	[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
	[ -n "$mirror" ] || { echo "pg-build: no Debian bookworm entry in apt's sources to take the mirror from" >&2; exit 1; }
	printf 'Types: deb-src\nURIs: %s\nSuites: trixie sid\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$mirror" |
		"${sudo[@]}" tee "$src_list" >/dev/null
	"${sudo[@]}" apt-get update -qq
	pgver=$(source_version "postgresql-$major")
	tapver=$(source_version pgtap)
fi
[ -n "$pgver" ] || { echo "pg-build: apt has no source of postgresql-$major" >&2; exit 1; }
[ -n "$pool_version" ] && pgver=$pool_version
[ -n "$tapver" ] || { echo "pg-build: apt has no source of pgtap" >&2; exit 1; }

want_pg="postgresql-$major $pgver $flavor $cflags ${configure_flags[*]}"
want="$want_pg pgtap $tapver"
if [ -x "$prefix/bin/postgres" ] && [ -f "$prefix/effcap-build" ] && [ "$(cat "$prefix/effcap-build")" = "$want" ]; then
	echo "$prefix"
	exit 0
fi
# The programs of an AddressSanitizer build report their leaks at exit
# (pg_config's, for one) unless told not to.
[ "$flavor" = asan ] && export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

# The source tree of a source package, unpacked into a fresh folder: from
# its .dsc with Debian's patches applied, as the package builds it; or,
# when the registry serves only the upstream tarball (pgtap), from that
# tarball once its SHA-256 matches apt's source index.  A version already
# downloaded is not fetched again.
unpack() {
	local pkg=$1 ver=$2 upstream dsc orig dir sum
	upstream=${ver#*:}
	upstream=${upstream%-*}
	dsc=$cache/src/${pkg}_${ver#*:}.dsc
	orig=$(ls "$cache/src/${pkg}_$upstream".orig.tar.* 2>/dev/null | head -1)
	if [ ! -f "$dsc" ] || [ -z "$orig" ]; then
		(cd "$cache/src" && apt-get source -qq --download-only "$pkg=$ver" >/dev/null 2>&1) || true
		orig=$(ls "$cache/src/${pkg}_$upstream".orig.tar.* 2>/dev/null | head -1)
	fi
	dir=$cache/src/$pkg-$major-$flavor
	rm -rf "$dir"
	if [ "$pkg" = "postgresql-$major" ] && [ "$ver" = "$pool_version" ]; then
		from_pool "$pkg" "$ver" "$dsc"
		dpkg-source --require-valid-signature -x "$dsc" "$dir" >/dev/null ||
			{ echo "pg-build: $dsc: bad signature or checksums" >&2; exit 1; }
	elif [ -f "$dsc" ]; then
		dpkg-source --no-check -x "$dsc" "$dir" >/dev/null
	elif [ -n "$orig" ]; then
		sum=$(apt-cache showsrc "$pkg" | awk -v f="$(basename "$orig")" '/^Checksums-Sha256:/ { on = 1; next } /^[^ ]/ { on = 0 } on && $3 == f { print $1; exit }')
		[ -n "$sum" ] && [ "$(sha256sum "$orig" | cut -d' ' -f1)" = "$sum" ] ||
			{ echo "pg-build: $orig does not match apt's source index" >&2; exit 1; }
		mkdir -p "$dir"
		tar -xf "$orig" -C "$dir" --strip-components=1
	else
		echo "pg-build: the registry does not serve the source of $pkg $ver" >&2
		exit 1
	fi
	echo "$dir"
}

# A source package's .dsc and the files it names, from the pool of the
# deb-src mirror by name (apt's helper: nothing but the mirror is asked);
# dpkg-source then checks the signature and the files' checksums.
from_pool() {
	local pkg=$1 ver=$2 dsc=$3 base f
	base=$(awk '/^URIs:/ { print $2; exit }' "$src_list")/pool/main/${pkg:0:1}/$pkg
	[ -f "$dsc" ] || /usr/lib/apt/apt-helper download-file "$base/$(basename "$dsc")" "$dsc" >/dev/null 2>&1 ||
		{ echo "pg-build: the registry does not serve $(basename "$dsc")" >&2; exit 1; }
	awk '/^Checksums-Sha256:/ { on = 1; next } /^[^ ]/ { on = 0 } on { print $1, $3 }' "$dsc" |
		while read -r sum f; do
			[ -f "$cache/src/$f" ] && [ "$(sha256sum "$cache/src/$f" | cut -d' ' -f1)" = "$sum" ] && continue
			/usr/lib/apt/apt-helper download-file "$base/$f" "$cache/src/$f" "SHA256:$sum" >/dev/null 2>&1 ||
				{ echo "pg-build: the registry does not serve $f" >&2; exit 1; }
		done
}

start=$(date +%s)
if [ -x "$prefix/bin/postgres" ] && [ -f "$prefix/effcap-pg-build" ] && [ "$(cat "$prefix/effcap-pg-build")" = "$want_pg" ]; then
	: >"$log"			# the server is built: only pgTAP is missing
else
echo "Building PostgreSQL $pgver ($flavor) into $prefix (log: $log) ..." >&2
pgsrc=$(unpack "postgresql-$major" "$pgver")
rm -rf "$prefix"
(
	cd "$pgsrc" &&
	./configure --prefix="$prefix" "${configure_flags[@]}" CFLAGS="$cflags" LDFLAGS="$ldflags" &&
	make -j"$(nproc)" &&
	make install
) >"$log" 2>&1 || { tail -40 "$log" >&2; echo "pg-build: the PostgreSQL build failed (log: $log)" >&2; exit 1; }
rm -rf "$pgsrc"
case "$("$prefix/bin/pg_config" --pkglibdir)" in
	"$prefix"/*) ;;
	*) echo "pg-build: the build's libraries are not under $prefix" >&2; exit 1 ;;
esac
echo "$want_pg" >"$prefix/effcap-pg-build"
fi

echo "Building pgTAP $tapver for it ..." >&2
tapsrc=$(unpack pgtap "$tapver")
(
	cd "$tapsrc" &&
	make PG_CONFIG="$prefix/bin/pg_config" &&
	make install PG_CONFIG="$prefix/bin/pg_config"
) >>"$log" 2>&1 || { tail -40 "$log" >&2; echo "pg-build: the pgTAP build failed (log: $log)" >&2; exit 1; }
rm -rf "$tapsrc"

echo "$want" >"$prefix/effcap-build"
echo "  built in $(( $(date +%s) - start )) s" >&2
echo "$prefix"
