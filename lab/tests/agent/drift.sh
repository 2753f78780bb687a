#!/bin/bash
# `shoal-agent run` on a NAT director: hand-made drift (ipvsadm -D, a VIP removed, a weight
# edited) is found within 5 s, corrected and reported with what was found; a new revision is
# applied; with its source gone (console stopped) the table stays exactly as it is.
. "$SHOAL_REPO/lab/tests/agent/agent.inc"

lab_nat 1 2
ip -n nat1-dir addr del 10.1.1.100/32 dev eth0
rev() { # rev N WEIGHT1: the revision file
  cat >/tmp/rev.json.tmp <<J
{"revision": $1, "cluster": {"name": "lab-nat", "virtualServices": [
  {"name": "web", "address": "10.1.1.100", "port": 80, "scheduler": "wrr", "vipInterface": "eth0", "vipLabel": "1",
   "realServers": [{"address": "10.1.2.11", "port": 80, "forwarding": "masq", "weight": $2},
                   {"address": "10.1.2.12", "port": 80, "forwarding": "masq", "weight": 1}]}]}}
J
  mv /tmp/rev.json.tmp /tmp/rev.json
}
rev 1 3
ip netns exec nat1-dir node "$AGENT" run --revision-file /tmp/rev.json --state-dir /tmp/st >/tmp/agent.log 2>&1 &
PID=$!
applied() { grep -q "\"appliedRevision\": $1" /tmp/st/status.json; }
check "the daemon applies revision 1" wait_for 30 applied 1
table() { ns nat1-dir ipvsadm -Sn | grep 10.1.1.100 | sort; }
want=$(table); echo "$want" | sed 's/^/    /'

t0=$(now_cs); ns nat1-dir ipvsadm -D -t 10.1.1.100:80
check "service deleted by hand (ipvsadm -D) is back within 5 s" wait_for 5 bash -c "[ \"\$(ip netns exec nat1-dir ipvsadm -Sn | grep 10.1.1.100 | sort)\" = '$want' ]"
echo "    measured: service restored $(ms_since "$t0") ms after ipvsadm -D"

t0=$(now_cs); ip -n nat1-dir addr del 10.1.1.100/32 dev eth0
check "VIP removed by hand is back within 5 s" wait_for 5 bash -c "ip -n nat1-dir addr show dev eth0 | grep -q '10.1.1.100/32 .*eth0:1'"
echo "    measured: VIP restored $(ms_since "$t0") ms after ip addr del"

ns nat1-dir ipvsadm -e -t 10.1.1.100:80 -r 10.1.2.11:80 -m -w 7
check "weight edited by hand is put back within 5 s" wait_for 5 bash -c "ip netns exec nat1-dir ipvsadm -Sn | grep -q -- '-r 10.1.2.11:80 -m -w 3'"

check "drift reported: the missing service" wait_for 5 grep -q "virtual service tcp 10.1.1.100:80 missing" /tmp/st/status.json
check "drift reported: the missing VIP" grep -q "VIP 10.1.1.100/32 missing on eth0:1" /tmp/st/status.json
check "drift reported: the changed weight" grep -q "weight 7, wanted 3" /tmp/st/status.json
h=$(lab_hits nat1-cli http://10.1.1.100/ 8)
same "traffic balanced again after the corrections (wrr 3:1 -> rs1 6 of 8)" 6 "$(hits_of rs1 "$h")"

rev 2 1
check "revision 2 (weight 3 -> 1) applied by the daemon" wait_for 15 applied 2
check "kernel has the new weight" bash -c "ip netns exec nat1-dir ipvsadm -Sn | grep -q -- '-r 10.1.2.11:80 -m -w 1'"

# The revision source disappears (console stopped): the data plane must not move.
before=$(table)
rm /tmp/rev.json
sleep 6
same "source gone: the IPVS table is untouched" "$before" "$(table)"
check "source gone: VIP still up" bash -c "ip -n nat1-dir addr show dev eth0 | grep -q 10.1.1.100/32"
check "agent still running" kill -0 "$PID"

kill -TERM "$PID"; wait "$PID"
same "after SIGTERM the table is left as it is (no cleanup)" "$before" "$(table)"
check "the log never contains the token or a flush" bash -c "! grep -qiE 'flush|ipvsadm -C' /tmp/agent.log"
lab_exit
