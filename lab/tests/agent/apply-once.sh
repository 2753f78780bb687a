#!/bin/bash
# `shoal-agent apply --once` from nothing on a NAT and a DR director: the agent creates the
# services, real servers, VIP alias and ip_forward; traffic from the client namespace balances
# as the scheduler says (wrr 3:1 for NAT, rr for DR). A second run changes nothing (adoption),
# a service put in by hand is reported foreign and left alone.
. "$SHOAL_REPO/lab/tests/agent/agent.inc"

lab_nat 1 2
lab_dr 2 2
# Start the directors bare: no VIP, no forwarding; the agent must set them up.
ip -n nat1-dir addr del 10.1.1.100/32 dev eth0
ip -n dr2-dir addr del 10.2.1.100/32 dev eth0
ns nat1-dir sysctl -qw net.ipv4.ip_forward=0
ns nat1-dir ipvsadm -A -t 10.1.1.200:80 -s rr   # someone else's service

cat >/tmp/nat.json <<'J'
{"revision": 1, "cluster": {"name": "lab-nat", "virtualServices": [
  {"name": "web", "address": "10.1.1.100", "port": 80, "scheduler": "wrr", "vipInterface": "eth0", "vipLabel": "1",
   "realServers": [{"address": "10.1.2.11", "port": 80, "forwarding": "masq", "weight": 3},
                   {"address": "10.1.2.12", "port": 80, "forwarding": "masq", "weight": 1}]}]}}
J
cat >/tmp/dr.json <<'J'
{"revision": 1, "cluster": {"name": "lab-dr", "virtualServices": [
  {"name": "web", "address": "10.2.1.100", "port": 80, "scheduler": "rr", "vipInterface": "eth0", "vipLabel": "eth0:1",
   "realServers": [{"address": "10.2.1.11", "port": 80, "forwarding": "route"},
                   {"address": "10.2.1.12", "port": 80, "forwarding": "route"}]}]}}
J

out=$(agent nat1-dir plan --revision-file /tmp/nat.json --state-dir /tmp/st-nat 2>&1)
check "plan lists the operations without applying them" grep -q "would: add virtual service tcp 10.1.1.100:80 (wrr)" <<<"$out"
check "plan applied nothing" bash -c '! ip netns exec nat1-dir ipvsadm -Ln | grep -q 10.1.1.100'

out=$(agent nat1-dir apply --once --revision-file /tmp/nat.json --state-dir /tmp/st-nat 2>&1); rc=$?
printf '%s\n' "$out" | grep -v '^{' | sed 's/^/    /'
same "NAT apply --once exits 0" 0 "$rc"
check "NAT VIP added with its alias label" bash -c "ip -n nat1-dir addr show dev eth0 | grep -q '10.1.1.100/32 .*eth0:1'"
same "ip_forward switched on for NAT" 1 "$(ns nat1-dir cat /proc/sys/net/ipv4/ip_forward)"
check "the hand-made service is reported foreign" grep -q "foreign (left alone): tcp 10.1.1.200:80" <<<"$out"
check "the hand-made service is still there" bash -c 'ip netns exec nat1-dir ipvsadm -Ln | grep -q 10.1.1.200:80'

h=$(lab_hits nat1-cli http://10.1.1.100/ 12); echo "$h" | sed 's/^/    /'
same "NAT wrr 3:1 over 12 requests: rs1 9" 9 "$(hits_of rs1 "$h")"
same "NAT wrr 3:1 over 12 requests: rs2 3" 3 "$(hits_of rs2 "$h")"

out=$(agent dr2-dir apply --once --revision-file /tmp/dr.json --state-dir /tmp/st-dr 2>&1); rc=$?
same "DR apply --once exits 0" 0 "$rc"
h=$(lab_hits dr2-cli http://10.2.1.100/ 10); echo "$h" | sed 's/^/    /'
same "DR rr over 10 requests: rs1 5" 5 "$(hits_of rs1 "$h")"
same "DR rr over 10 requests: rs2 5" 5 "$(hits_of rs2 "$h")"
same "DR replies bypass the director (OutPkts 0)" 0 "$(ns dr2-dir ipvsadm -Ln --stats | awk '/^TCP/{print $5}')"

before=$(ns nat1-dir ipvsadm -Ln --stats)
out=$(agent nat1-dir apply --once --revision-file /tmp/nat.json --state-dir /tmp/st-nat 2>&1)
check "a second apply (a restarted agent) changes nothing" grep -q "already matches" <<<"$out"
out=$(agent nat1-dir plan --revision-file /tmp/nat.json --state-dir /tmp/st-fresh 2>&1)
check "a fresh agent (no state) adopts the existing table: nothing to do" grep -q "already matches" <<<"$out"
same "counters kept (no re-create)" "$(echo "$before" | awk '/10.1.1.100/{print $3}')" "$(ns nat1-dir ipvsadm -Ln --stats | awk '/10.1.1.100/{print $3}')"
check "state dir is private (0700) and revision.json 0600" bash -c '[ "$(stat -c %a /tmp/st-nat)" = 700 ] && [ "$(stat -c %a /tmp/st-nat/revision.json)" = 600 ]'

# The service leaves the revision: drained (weight 0), then deleted, and no longer the agent's.
# Someone then makes a service with the same address by hand: it is foreign, left alone.
echo '{"revision": 2, "cluster": {"name": "lab-nat", "virtualServices": []}}' >/tmp/nat2.json
agent nat1-dir apply --once --revision-file /tmp/nat2.json --state-dir /tmp/st-nat >/dev/null 2>&1
same "a removed service's real servers drain first (weight 0)" "0 0" "$(ns nat1-dir ipvsadm -Ln | awk '/10.1.2.1[12]:80/{print $4}' | xargs)"
agent nat1-dir apply --once --revision-file /tmp/nat2.json --state-dir /tmp/st-nat >/dev/null 2>&1
check "then the service is deleted" bash -c '! ip netns exec nat1-dir ipvsadm -Ln | grep -q 10.1.1.100:80'
check "and forgotten as the agent's own" bash -c '! grep -q "tcp 10.1.1.100:80" /tmp/st-nat/managed.json'
ns nat1-dir ipvsadm -A -t 10.1.1.100:80 -s lc
out=$(agent nat1-dir apply --once --revision-file /tmp/nat2.json --state-dir /tmp/st-nat 2>&1)
check "the same address made again by hand is foreign" grep -q "foreign (left alone): tcp 10.1.1.100:80" <<<"$out"
check "and left in place" bash -c 'ip netns exec nat1-dir ipvsadm -Ln | grep -q "10.1.1.100:80 lc"'
lab_exit
