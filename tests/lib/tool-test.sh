# Sourced first by the user-space tool tests (dsctl, bench smoke, kstack's
# frame details): their
# kernel paths are covered by the C tests, and on the slow debug kernel
# (DS_SLOW) each program start over 9p costs seconds, so they run on the
# Debian and RT kernels only.
if [ -n "${DS_SLOW:-}" ]; then
	echo "SKIP: user-space tool test, run on the Debian kernel"
	exit 77
fi
