#!/bin/bash
# The reconcile's /proc/net/ip_vs read equals the netlink read on a mixed table (thresholds,
# tunnels, scheduler flags, one-packet, sip, fwmark, IPv6), and hand-made changes are still found.
. "$SHOAL_REPO/lab/lib/check.sh"
. "$SHOAL_REPO/lab/lib/topology.sh"
lab_director_only lb-proc 10.20.0.0/16 fd00:20::/64
ns lb-proc node "$SHOAL_LAB_JS/lab/tests/kernel/proc-read.mjs" || LAB_FAILS=$((LAB_FAILS + 1))
lab_exit
