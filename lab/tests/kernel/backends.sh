#!/bin/bash
# Both IPVS backends (netlink, ipvsadm -R) against the real kernel: add NAT/DR/TUN/fwmark/IPv6
# services, edit, drain, delete, read back equal to `ipvsadm -S -n`; refusals carry the kernel's
# message; a batch stops at the refused operation and reports it. One namespace per backend.
. "$SHOAL_REPO/lab/lib/check.sh"
. "$SHOAL_REPO/lab/lib/topology.sh"
JS=$SHOAL_LAB_JS/lab/tests/kernel
for b in netlink ipvsadm; do
  lab_director_only "lb-$b" 10.20.0.0/24 fd00:20::/64
  ns "lb-$b" node "$JS/backends.mjs" "$b" table || LAB_FAILS=$((LAB_FAILS + 1))
  ip netns add "bare-$b"   # not even lo up: no route anywhere
  ns "bare-$b" node "$JS/backends.mjs" "$b" bare || LAB_FAILS=$((LAB_FAILS + 1))
done
lab_exit
