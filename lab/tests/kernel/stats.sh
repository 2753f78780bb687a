#!/bin/bash
# Live counters: traffic through a NAT service, then readWithStats() of both backends must
# equal ipvsadm's exact listings.
. "$SHOAL_REPO/lab/lib/check.sh"
. "$SHOAL_REPO/lab/lib/topology.sh"
JS=$SHOAL_LAB_JS/lab/tests/kernel
n=1
for b in netlink ipvsadm; do
  lab_nat $n 2
  ns nat$n-dir node "$JS/stats.mjs" "$b" setup "10.$n.1.100" || LAB_FAILS=$((LAB_FAILS + 1))
  same "[$b] traffic: 4 requests balanced over 2 real servers" "$(printf '      2 rs1\n      2 rs2')" "$(lab_hits nat$n-cli "http://10.$n.1.100/" 4)"
  ns nat$n-dir node "$JS/stats.mjs" "$b" check "10.$n.1.100" || LAB_FAILS=$((LAB_FAILS + 1))
  n=$((n + 1))
done
lab_exit
