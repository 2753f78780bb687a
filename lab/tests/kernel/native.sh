#!/bin/bash
# The agent's native dump loop (io_uring and sendmsg+recvmmsg) reads exactly what the npm netlink
# socket reads, on a mixed table in the real kernel.
. "$SHOAL_REPO/lab/lib/check.sh"
. "$SHOAL_REPO/lab/lib/topology.sh"
lab_director_only lb-native 10.20.0.0/16 fd00:20::/64
ns lb-native node "$SHOAL_LAB_JS/lab/tests/kernel/native.mjs" || LAB_FAILS=$((LAB_FAILS + 1))
lab_exit
