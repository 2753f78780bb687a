#!/bin/bash
# Health checks on a NAT director with `shoal-agent run`: a real server whose HTTP stops is
# quiesced (weight 0) after `fall` failures and traffic avoids it; it comes back after `rise`
# successes. The checks keep running with the revision source gone (console stopped). Then the
# agent is killed with -9 in the middle of applying a large revision and restarted: it converges
# without a flush (a foreign service and the untouched service's counters survive).
. "$SHOAL_REPO/lab/tests/agent/agent.inc"

lab_nat 1 2
cat >/tmp/rev.json <<'J'
{"revision": 1, "cluster": {"name": "lab-nat", "virtualServices": [
  {"name": "web", "address": "10.1.1.100", "port": 80, "scheduler": "rr", "vipInterface": "eth0", "vipLabel": "1",
   "healthCheck": {"type": "http", "path": "/", "bodyRegex": "^rs[0-9]", "interval": 1, "timeout": 1, "rise": 2, "fall": 2},
   "realServers": [{"address": "10.1.2.11", "port": 80, "forwarding": "masq", "weight": 1},
                   {"address": "10.1.2.12", "port": 80, "forwarding": "masq", "weight": 1}]}]}}
J
ip netns exec nat1-dir node "$AGENT" run --revision-file /tmp/rev.json --state-dir /tmp/st >/tmp/agent.log 2>&1 &
PID=$!
check "the daemon applies the revision" wait_for 30 grep -q '"appliedRevision": 1' /tmp/st/status.json
weight1() { ns nat1-dir ipvsadm -Sn | awk '/-r 10.1.2.11:80/{print $NF}'; }
check "rs1 checked healthy" wait_for 10 grep -q '"lastMessage": "status 200, body matches"' /tmp/st/status.json

# Stop rs1's web server (busybox httpd runs as its own process in the namespace).
kill "$(ip netns pids nat1-rs1 | head -1)"
check "rs1's HTTP stopped: quiesced to weight 0" wait_for 20 bash -c "[ \"\$(ip netns exec nat1-dir ipvsadm -Sn | awk '/-r 10.1.2.11:80/{print \$NF}')\" = 0 ]"
check "rs1 still in the table (quiesce, not remove)" bash -c "ip netns exec nat1-dir ipvsadm -Sn | grep -q 10.1.2.11"
h=$(lab_hits nat1-cli http://10.1.1.100/ 6); echo "$h" | sed 's/^/    /'
same "traffic avoids rs1: 6 of 6 to rs2" 6 "$(hits_of rs2 "$h")"
check "status reports rs1 down with the reason" wait_for 5 grep -q '"up": false' /tmp/st/status.json

# Console stopped: the revision source disappears; the health checks must keep running.
rm /tmp/rev.json
lab_web nat1-rs1 rs1
check "source gone, rs1 back: checks still run and restore weight 1" wait_for 20 bash -c "[ \"\$(ip netns exec nat1-dir ipvsadm -Sn | awk '/-r 10.1.2.11:80/{print \$NF}')\" = 1 ]"
h=$(lab_hits nat1-cli http://10.1.1.100/ 6)
same "rs1 serves again (rr 3 of 6)" 3 "$(hits_of rs1 "$h")"
kill -TERM "$PID"; wait "$PID"

# kill -9 mid-apply: a revision with 150 more services; the agent is killed at several points.
ns nat1-dir ipvsadm -A -t 10.1.1.222:80 -s rr          # foreign: must survive
{
  printf '{"revision": 2, "cluster": {"name": "lab-nat", "virtualServices": [\n'
  printf '{"address": "10.1.1.100", "port": 80, "scheduler": "rr", "vipInterface": "eth0", "vipLabel": "1", "realServers": [{"address": "10.1.2.11", "port": 80, "forwarding": "masq"}, {"address": "10.1.2.12", "port": 80, "forwarding": "masq"}]}'
  for p in $(seq 1000 1149); do
    printf ',\n{"address": "10.1.1.100", "port": %d, "scheduler": "wlc", "realServers": [{"address": "10.1.2.11", "port": 80, "forwarding": "masq"}, {"address": "10.1.2.12", "port": 80, "forwarding": "masq", "weight": 2}]}' "$p"
  done
  printf ']}}\n'
} >/tmp/big.json
conns_before=$(ns nat1-dir ipvsadm -Ln --stats | awk '/10.1.1.100:80 /{print $3}')
# Kill points: the moment the first new service shows in /proc/net/ip_vs, then a little later
# each round, with both backends. The agent runs in its own process group, and the whole group
# (an ipvsadm -R child included) gets the SIGKILL. The counts show where each kill landed.
for p in $(seq 1000 1149); do echo "-D -t 10.1.1.100:$p"; done >/tmp/undo.rules
svc_count() { ip netns exec nat1-dir grep -c '^TCP' /proc/net/ip_vs; }
round=0
for backend in netlink ipvsadm netlink ipvsadm; do
  round=$((round + 1))
  setsid "$(type -P ip)" netns exec nat1-dir node "$AGENT" run --kernel "$backend" --revision-file /tmp/big.json --state-dir /tmp/st >/tmp/kill.log 2>&1 &
  K=$!
  while [ "$(svc_count)" -le 2 ] && kill -0 "$K" 2>/dev/null; do :; done
  [ "$round" -gt 2 ] && sleep 0.05
  kill -9 -- "-$K" 2>/dev/null; wait "$K" 2>/dev/null
  echo "    round $round ($backend): killed -9 with $(svc_count) services, $(ns nat1-dir ipvsadm -Sn | grep -c '^-a') real servers in the kernel"
  [ "$round" -lt 4 ] && ns nat1-dir ipvsadm -R </tmp/undo.rules 2>/dev/null
done
out=$(agent nat1-dir apply --once --revision-file /tmp/big.json --state-dir /tmp/st 2>&1); rc=$?
same "restart after kill -9 converges (apply --once exits 0)" 0 "$rc"
same "all 151 services present, plus the foreign one" 152 "$(ns nat1-dir ipvsadm -Sn | grep -c '^-A')"
same "every service has both real servers" 302 "$(ns nat1-dir ipvsadm -Sn | grep -c '^-a')"
check "foreign service survived" bash -c "ip netns exec nat1-dir ipvsadm -Sn | grep -q 10.1.1.222:80"
conns_after=$(ns nat1-dir ipvsadm -Ln --stats | awk '/10.1.1.100:80 /{print $3}')
# A deleted and re-created service would restart its cumulative counter from 0.
check "no flush: the first service kept its connection counter ($conns_before -> $conns_after)" test "$conns_before" -gt 0 -a "$conns_after" -ge "$conns_before"
out=$(agent nat1-dir plan --revision-file /tmp/big.json --state-dir /tmp/st 2>&1)
check "nothing left to do" grep -q "already matches" <<<"$out"
lab_exit
