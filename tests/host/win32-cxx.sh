#!/bin/bash
# The articles' test program (examples/article.cpp, verbatim but for its
# #include lines) compiles and links as C++ (g++ -Wall -Wextra -Werror, as
# C++11 and the default standard, 64- and 32-bit) against <datastack/win32.h>;
# so does part 3's own Win32-style layer over <datastack/native.h>; the C
# examples compile as strict C11, the native and part 4 flows as C++ too;
# every public header compiles alone in C and C++.  Building only.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$repo/build
fail() { echo "FAIL: $*"; exit 1; }
command -v g++ >/dev/null || { echo "SKIP: no g++"; exit 77; }
[ -f "$build/lib/libdatastack.a" ] || { echo "SKIP: libdatastack not built"; exit 77; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
inc="-I$repo/include/uapi -I$repo/lib/include -I$build/include"
W="-Wall -Wextra -Werror"

for std in -std=c++11 ""; do
	# shellcheck disable=SC2086
	g++ $std $W $inc -o "$dir/article" "$repo/examples/article.cpp" \
		-L"$build/lib" -ldatastack || fail "g++ $std article.cpp"
done
readelf -d "$dir/article" | grep -q 'NEEDED.*libdatastack.so.1' || fail "not linked with libdatastack.so.1"
nm -D "$dir/article" | grep -q ' U ds_w32_CreateDataStack@LIBDATASTACK_1.0' ||
	fail "CreateDataStack is not bound to ds_w32_CreateDataStack@LIBDATASTACK_1.0"
if [ -f "$build/lib32/libdatastack.a" ]; then
	# shellcheck disable=SC2086
	g++ -m32 $W $inc -o "$dir/article32" "$repo/examples/article.cpp" \
		"$build/lib32/libdatastack.a" || fail "g++ -m32 article.cpp"
fi

# Part 3's own layer over the native API (the article's code, only its
# includes changed), C++11, 64- and 32-bit.
# shellcheck disable=SC2086
g++ -std=c++11 $W $inc -o "$dir/part3" "$repo/examples/part3_layer.cpp" \
	-L"$build/lib" -ldatastack || fail "g++ part3_layer.cpp"
nm -D "$dir/part3" | grep -q ' U ds_nt_NtPushDataStack@LIBDATASTACK_1.2' ||
	fail "NtPushDataStack is not bound to ds_nt_NtPushDataStack@LIBDATASTACK_1.2"
if [ -f "$build/lib32/libdatastack.a" ]; then
	# shellcheck disable=SC2086
	g++ -m32 $W $inc -o "$dir/part3_32" "$repo/examples/part3_layer.cpp" \
		"$build/lib32/libdatastack.a" || fail "g++ -m32 part3_layer.cpp"
fi

# The C examples, strict C11, and the native and part 4 flows as C++ too.
for f in article.c datastack-demo.c native.c part4.c; do
	# shellcheck disable=SC2086
	gcc -std=c11 -pedantic $W $inc -c -o "$dir/x.o" "$repo/examples/$f" || fail "gcc -std=c11 $f"
done
for f in native.c part4.c; do
	# shellcheck disable=SC2086
	g++ -std=c++11 -x c++ $W $inc -c -o "$dir/x.o" "$repo/examples/$f" || fail "g++ $f"
done

# Each public header alone, C and C++, with -pedantic.
for h in datastack.h datastack/wintypes.h datastack/native.h datastack/win32.h; do
	printf '#include <%s>\nint main(void) { return 0; }\n' "$h" >"$dir/h.c"
	cp "$dir/h.c" "$dir/h.cpp"
	# shellcheck disable=SC2086
	gcc -std=c99 -pedantic $W $inc -c -o "$dir/h.o" "$dir/h.c" || fail "C: <$h>"
	# shellcheck disable=SC2086
	g++ -std=c++11 -pedantic $W $inc -c -o "$dir/h.o" "$dir/h.cpp" || fail "C++: <$h>"
done
# <datastack/uring.h> over liburing, whose own header is not -pedantic clean.
if [ -f /usr/include/liburing.h ]; then
	printf '#include <datastack/uring.h>\nint main(void) { return 0; }\n' >"$dir/u.c"
	cp "$dir/u.c" "$dir/u.cpp"
	# shellcheck disable=SC2086
	gcc -std=gnu11 $W $inc -c -o "$dir/u.o" "$dir/u.c" || fail "C: <datastack/uring.h>"
	# shellcheck disable=SC2086
	g++ -std=gnu++11 $W $inc -c -o "$dir/u.o" "$dir/u.cpp" || fail "C++: <datastack/uring.h>"
fi
echo ok
