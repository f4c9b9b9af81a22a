#!/bin/bash
# make demo: runs in the guest with datastack.ko loaded.
set -eu
echo "datastack.ko is loaded:"
grep '^datastack ' /proc/modules
ls -l /dev/datastack
