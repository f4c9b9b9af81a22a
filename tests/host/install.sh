#!/bin/bash
# make install DESTDIR=... PREFIX=/usr, then an out-of-tree program built
# with `pkg-config --cflags --libs datastack` against the installed copy:
# it links with libdatastack.so.1 and its versioned symbols, runs (without
# the module it must get -ENODEV / ERROR_DEV_NOT_EXIST), and links
# statically too; dsctl and the man pages are installed; make uninstall
# removes every file.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }
command -v pkg-config >/dev/null || { echo "SKIP: no pkg-config"; exit 77; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
root=$dir/root
make -s -C "$repo" install DESTDIR="$root" PREFIX=/usr >"$dir/log" 2>&1 ||
	fail "make install: $(tail -20 "$dir/log")"

for f in usr/bin/dsctl usr/lib/libdatastack.so.1.0.0 usr/lib/libdatastack.so.1 \
	usr/lib/libdatastack.so usr/lib/libdatastack.a usr/lib/pkgconfig/datastack.pc \
	usr/include/datastack.h usr/include/datastack/win32.h usr/include/linux/datastack.h \
	usr/share/man/man1/dsctl.1 usr/share/man/man7/datastack.7 \
	usr/share/man/man3/ds_create.3 usr/share/man/man3/ds_pop.3 \
	usr/share/man/man3/datastack_win32.3 usr/share/man/man3/CreateDataStack.3; do
	[ -e "$root/$f" ] || fail "$f not installed"
done
[ "$(readlink "$root/usr/lib/libdatastack.so")" = libdatastack.so.1 ] || fail "libdatastack.so link"

export PKG_CONFIG_PATH=$root/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$root
[ "$(pkg-config --modversion datastack)" = 1.0.0 ] || fail "pkg-config --modversion"
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
readelf -d "$dir/prog" | grep -q 'NEEDED.*\[libdatastack.so.1\]' || fail "NEEDED libdatastack.so.1"
objdump -T "$dir/prog" | grep -q 'LIBDATASTACK_1.0.*ds_create$' || fail "ds_create@LIBDATASTACK_1.0"
out=$(LD_LIBRARY_PATH=$root/usr/lib "$dir/prog") || fail "run: $out"
if [ ! -e /dev/datastack ]; then
	[ "$out" = "No such device 55" ] || fail "without the module: '$out'"
fi
# shellcheck disable=SC2086
gcc -Wall -Wextra -Werror -static -o "$dir/prog-static" "$dir/prog.c" \
	$(pkg-config --cflags datastack) "$root/usr/lib/libdatastack.a" || fail "static link"

"$root/usr/bin/dsctl" --version | grep -q '^dsctl (datastack) 1.0.0' || fail "installed dsctl"
MANWIDTH=80 man -l "$root/usr/share/man/man3/ds_pop.3" | grep -q ds_peek_timeout || fail "man page"

make -s -C "$repo" uninstall DESTDIR="$root" PREFIX=/usr >"$dir/log" 2>&1 ||
	fail "make uninstall: $(cat "$dir/log")"
left=$(find "$root" -type f -o -type l)
[ -z "$left" ] || fail "left after uninstall: $left"
echo ok
