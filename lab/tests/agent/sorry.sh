#!/bin/bash
# onFailure "remove" and the sorry server under `shoal-agent run`: when every real server's check
# fails they leave the table and the sorry server takes the traffic; when they recover they
# come back and the sorry server leaves.
. "$SHOAL_REPO/lab/tests/agent/agent.inc"
lab_nat 1 3
cat >/tmp/rev.json <<'J'
{"revision": 1, "cluster": {"name": "lab", "virtualServices": [
  {"address": "10.1.1.100", "port": 80, "scheduler": "rr", "sorryServer": {"address": "10.1.2.13", "port": 80},
   "healthCheck": {"type": "tcp", "interval": 1, "timeout": 1, "rise": 1, "fall": 1, "onFailure": "remove"},
   "realServers": [{"address": "10.1.2.11", "port": 80, "forwarding": "masq"}, {"address": "10.1.2.12", "port": 80, "forwarding": "masq"}]}]}}
J
ip netns exec nat1-dir node "$AGENT" run --revision-file /tmp/rev.json --state-dir /tmp/st --drain-timeout 0 >/tmp/agent.log 2>&1 &
PID=$!
check "revision applied, sorry server not in the table" wait_for 30 bash -c "grep -q '\"appliedRevision\": 1' /tmp/st/status.json && ! ip netns exec nat1-dir ipvsadm -Sn | grep -q 10.1.2.13"
for k in 1 2; do kill "$(ip netns pids nat1-rs$k | head -1)"; done
check "both real servers down: removed, sorry server in" wait_for 20 bash -c "s=\$(ip netns exec nat1-dir ipvsadm -Sn); ! grep -q '10.1.2.1[12]' <<<\"\$s\" && grep -q 10.1.2.13 <<<\"\$s\""
h=$(lab_hits nat1-cli http://10.1.1.100/ 4); echo "$h" | sed 's/^/    /'
same "the sorry server answers (4 of 4 to rs3)" 4 "$(hits_of rs3 "$h")"
lab_web nat1-rs1 rs1; lab_web nat1-rs2 rs2
check "recovered: real servers back, sorry server out" wait_for 20 bash -c "s=\$(ip netns exec nat1-dir ipvsadm -Sn); grep -q 10.1.2.11 <<<\"\$s\" && grep -q 10.1.2.12 <<<\"\$s\" && ! grep -q 10.1.2.13 <<<\"\$s\""
h=$(lab_hits nat1-cli http://10.1.1.100/ 4)
same "traffic back on rs1 and rs2 (rr: 2 of 4 each)" "2 2" "$(hits_of rs1 "$h") $(hits_of rs2 "$h")"
kill -TERM "$PID"; wait "$PID"
lab_exit
