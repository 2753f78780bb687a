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
# the live counters' incremental sampling (netlink): traffic in two bursts while it samples, then
# quiet for longer than its hot window before it ends
ns nat1-dir node "$JS/stats.mjs" netlink watch 10.1.1.100 26 &
watch=$!
sleep 6
same "[netlink] traffic while sampling" "$(printf '      3 rs1\n      3 rs2')" "$(lab_hits nat1-cli http://10.1.1.100/ 6)"
sleep 3
lab_hits nat1-cli http://10.1.1.100/ 4 >/dev/null
wait $watch || LAB_FAILS=$((LAB_FAILS + 1))
lab_exit
