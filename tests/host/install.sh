#!/bin/bash
# make install DESTDIR=... PREFIX=/usr installs exactly the expected files
# (both tools, the libraries, every header, every man page of every
# section, stamped with VERSION, and the pkg-config file); an out-of-tree
# program built with `pkg-config --cflags --libs datastack` against the
# installed copy links with libdatastack.so.MAJOR and its versioned
# symbols, runs (without the module it must get -ENODEV /
# ERROR_DEV_NOT_EXIST), and links statically too; both installed tools
# run; make uninstall removes every file.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }
command -v pkg-config >/dev/null || { echo "SKIP: no pkg-config"; exit 77; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
root=$dir/root
make -s -C "$repo" install DESTDIR="$root" PREFIX=/usr >"$dir/log" 2>&1 ||
	fail "make install: $(tail -20 "$dir/log")"

version=$(cat "$repo/VERSION")
major=${version%%.*}
# What must be installed, and nothing else.
{
	echo usr/bin/dsctl
	echo usr/bin/kstack
	echo "usr/lib/libdatastack.so.$version"
	echo "usr/lib/libdatastack.so.$major"
	echo usr/lib/libdatastack.so
	echo usr/lib/libdatastack.a
	echo usr/lib/pkgconfig/datastack.pc
	echo usr/include/datastack.h
	echo usr/include/datastack/win32.h
	echo usr/include/datastack/wintypes.h
	echo usr/include/datastack/native.h
	echo usr/include/datastack/uring.h
	echo usr/include/datastack/version.h
	echo usr/include/linux/datastack.h
	echo usr/include/linux/kstack.h
	(cd "$repo/man" && for m in man[1-8]/*.[1-8]; do echo "usr/share/man/$m"; done)
} | sort >"$dir/want"
(cd "$root" && find . -type f -o -type l | sed 's|^\./||' | sort) >"$dir/got"
diff -u "$dir/want" "$dir/got" >"$dir/diff" || fail "installed files differ: $(cat "$dir/diff")"
for m in "$root"/usr/share/man/man*/*; do
	grep -q "^\.TH .*\"datastack $version\"" "$m" ||
		grep -q '^\.so ' "$m" || fail "${m#"$root"/}: no \"datastack $version\" in .TH"
done
[ "$(readlink "$root/usr/lib/libdatastack.so")" = "libdatastack.so.$major" ] || fail "libdatastack.so link"

export PKG_CONFIG_PATH=$root/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$root
[ "$(pkg-config --modversion datastack)" = "$version" ] || fail "pkg-config --modversion"
flags=$(pkg-config --cflags --libs datastack) || fail "pkg-config --cflags --libs"
case "$flags" in *"-I$root/usr/include"*"-L$root/usr/lib"*"-ldatastack"*) ;;
*) fail "pkg-config flags: $flags" ;; esac

cat >"$dir/prog.c" <<'C'
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <datastack.h>
#include <datastack/win32.h>

int main(void)
{
	int fd = ds_create(NULL, DS_CLOEXEC, 0600, NULL);
	HANDLE h;

	if (fd >= 0) {
		printf("module present\n");
		return 0;
	}
	h = CreateDataStack(NULL, 0, 0, 0, L"x");
	printf("%s %u\n", strerror(-fd), h ? 0u : GetLastError());
	return 0;
}
C
# shellcheck disable=SC2086
gcc -Wall -Wextra -Werror -o "$dir/prog" "$dir/prog.c" $flags || fail "build against the installed copy"
readelf -d "$dir/prog" | grep -q "NEEDED.*\\[libdatastack.so.$major\\]" || fail "NEEDED libdatastack.so.$major"
objdump -T "$dir/prog" | grep -q 'LIBDATASTACK_1.0.*ds_create$' || fail "ds_create@LIBDATASTACK_1.0"
out=$(LD_LIBRARY_PATH=$root/usr/lib "$dir/prog") || fail "run: $out"
if [ ! -e /dev/datastack ]; then
	[ "$out" = "No such device 55" ] || fail "without the module: '$out'"
fi
# shellcheck disable=SC2086
gcc -Wall -Wextra -Werror -static -o "$dir/prog-static" "$dir/prog.c" \
	$(pkg-config --cflags datastack) "$root/usr/lib/libdatastack.a" || fail "static link"

"$root/usr/bin/dsctl" --version | grep -qx "dsctl (datastack) $version" || fail "installed dsctl"
"$root/usr/bin/kstack" --help | grep -q '^Usage: kstack' || fail "installed kstack"
MANWIDTH=80 man -l "$root/usr/share/man/man1/kstack.1" | grep -q -- --kernel-only || fail "kstack.1"
MANWIDTH=80 man -l "$root/usr/share/man/man3/ds_pop.3" | grep -q ds_peek_timeout || fail "man page"

make -s -C "$repo" uninstall DESTDIR="$root" PREFIX=/usr >"$dir/log" 2>&1 ||
	fail "make uninstall: $(cat "$dir/log")"
left=$(find "$root" -type f -o -type l)
[ -z "$left" ] || fail "left after uninstall: $left"
echo ok
