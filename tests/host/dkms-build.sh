#!/bin/bash
# `dkms build` of datastack.ko and kstack.ko from `make dkms-source`,
# against the installed Debian headers.  Building only: nothing is loaded or
# installed.  dkms runs in a private mount namespace with a tmpfs over
# /var/lib/dkms (where it would create a module-signing key) and its own
# source and dkms trees, so the host is left as it was.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }
command -v dkms >/dev/null || { echo "SKIP: no dkms"; exit 77; }
kdir=$("$repo/scripts/default-kdir") || { echo "SKIP: no kernel headers"; exit 77; }
krel=$("$repo/scripts/kernel-release" "$kdir")
[ -n "$krel" ] && [ -d "/lib/modules/$krel/build" ] ||
	{ echo "SKIP: no /lib/modules/$krel/build"; exit 77; }
unshare -rm true 2>/dev/null || { echo "SKIP: cannot make a private mount namespace"; exit 77; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
make -s -C "$repo" dkms-source DESTDIR="$dir/root" || fail "make dkms-source"
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$dir/root/usr/src/datastack-"*/dkms.conf)
[ -n "$version" ] || fail "no PACKAGE_VERSION"

# install-dkms: the sources, the systemd mount unit, the modules-load entry.
make -s -C "$repo" install-dkms DESTDIR="$dir/inst" || fail "make install-dkms"
for f in etc/systemd/system/dev-datastack.mount etc/modules-load.d/datastack.conf \
	"usr/src/datastack-$version/dkms.conf"; do
	[ -f "$dir/inst/$f" ] || fail "install-dkms did not install $f"
done
grep -qx 'Where=/dev/datastack' "$dir/inst/etc/systemd/system/dev-datastack.mount" ||
	fail "the mount unit does not mount /dev/datastack"
make -s -C "$repo" uninstall-dkms DESTDIR="$dir/inst" || fail "make uninstall-dkms"
[ -z "$(find "$dir/inst" -type f)" ] || fail "left after uninstall-dkms: $(find "$dir/inst" -type f)"

mkdir -p "$dir/tree"
unshare -rm bash -c '
	set -e
	mount -t tmpfs tmpfs /var/lib/dkms
	opts="--sourcetree $1/root/usr/src --dkmstree $1/tree"
	dkms add -m datastack -v "$2" $opts
	dkms build -m datastack -v "$2" -k "$3" $opts
' dkms "$dir" "$version" "$krel" >"$dir/log" 2>&1 || {
	cat "$dir/log"
	find "$dir/tree" -name make.log -exec tail -30 {} \;
	fail "dkms build"
}
for m in datastack kstack; do
	ko=$(find "$dir/tree/datastack/$version/$krel" -name "$m.ko*" | head -n 1)
	[ -n "$ko" ] || { cat "$dir/log"; fail "$m.ko not built"; }
	case "$ko" in
	*.xz) xz -dc "$ko" >"$dir/$m.ko" ;;
	*.zst) zstd -qdc "$ko" >"$dir/$m.ko" ;;
	*.gz) gzip -dc "$ko" >"$dir/$m.ko" ;;
	*) cp "$ko" "$dir/$m.ko" ;;
	esac
	vm=$(modinfo -F vermagic "$dir/$m.ko")
	[ "${vm%% *}" = "$krel" ] || fail "$m.ko vermagic '$vm', want $krel"
done
# The kernel API's symbol versions, kept for this kernel (POST_BUILD).
symvers=$(find "$dir/tree/datastack/$version/$krel" -maxdepth 2 -name Module.symvers | head -n 1)
[ -n "$symvers" ] || { cat "$dir/log"; fail "no Module.symvers kept for $krel"; }
grep -q "datastack_push.*EXPORT_SYMBOL_GPL" "$symvers" ||
	fail "$symvers lacks datastack_push: $(cat "$symvers")"
echo "ok (dkms built datastack.ko and kstack.ko for $krel, Module.symvers kept)"
