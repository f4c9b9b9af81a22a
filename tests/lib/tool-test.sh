# Sourced first by the user-space tool tests (dsctl, bench smoke, kstack's
# frame details, the examples' output): their kernel paths are covered by
# the C tests, and on the slow debug kernel (DS_SLOW) each program start
# over 9p costs seconds, so they run on the Debian and RT kernels only.
# There tests/run-suite does not even start them: it looks for a line
# that begins with "." and names lib/tool-test.sh (or lib/dsctl-common.sh,
# which sources it), and reports the same skip.
if [ -n "${DS_SLOW:-}" ]; then
	echo "SKIP: user-space tool test, run on the Debian kernel"
	exit 77
fi
