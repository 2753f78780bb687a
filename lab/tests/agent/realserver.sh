#!/bin/bash
# Real-server mode: DR and TUN real servers stripped of their LVS setup (no VIP on lo/tunl0,
# tunl0 down, ARP and rp_filter sysctls at their defaults) are set up from nothing by
# `shoal-agent realserver --once`; a second run changes nothing; the directors get their tables
# from `apply --once`; DR and TUN services balance round robin and the client ARPs the
# director for the VIP. The daemon form puts a VIP removed by hand back.
. "$SHOAL_REPO/lab/tests/agent/agent.inc"

lab_dr 2 2
lab_tun 3 2
for k in 1 2; do
  ip -n dr2-rs$k addr del 10.2.1.100/32 dev lo
  ns dr2-rs$k sysctl -qw net.ipv4.conf.all.arp_ignore=0 net.ipv4.conf.all.arp_announce=0 net.ipv4.conf.eth0.arp_ignore=0 net.ipv4.conf.eth0.arp_announce=0
  ip -n tun3-rs$k addr del 10.3.3.100/32 dev tunl0
  ip -n tun3-rs$k link set tunl0 down
  ns tun3-rs$k sysctl -qw net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.tunl0.rp_filter=1 net.ipv4.conf.all.arp_ignore=0 net.ipv4.conf.all.arp_announce=0
done
cat >/tmp/dr.json <<'J'
{"revision": 1, "cluster": {"name": "lab-dr", "virtualServices": [
  {"address": "10.2.1.100", "port": 80, "scheduler": "rr", "vipInterface": "eth0", "vipLabel": "1",
   "realServers": [{"address": "10.2.1.11", "port": 80, "forwarding": "route"}, {"address": "10.2.1.12", "port": 80, "forwarding": "route"}]}]}}
J
cat >/tmp/tun.json <<'J'
{"revision": 1, "cluster": {"name": "lab-tun", "virtualServices": [
  {"address": "10.3.3.100", "port": 80, "scheduler": "rr", "vipInterface": "eth0", "vipLabel": "1",
   "realServers": [{"address": "10.3.2.11", "port": 80, "forwarding": "tunnel"}, {"address": "10.3.2.12", "port": 80, "forwarding": "tunnel"}]}]}}
J

for k in 1 2; do
  out=$(agent dr2-rs$k realserver --once --revision-file /tmp/dr.json --state-dir /tmp/st-dr$k 2>&1)
  printf '%s\n' "$out" | grep '^changed' | sed 's/^/    dr2-rs'$k' /'
  check "DR rs$k: VIP put on lo" bash -c "ip -n dr2-rs$k addr show dev lo | grep -q '10.2.1.100/32'"
  same "DR rs$k: arp_ignore/arp_announce on all and lo" "1 2 1 2" "$(ns dr2-rs$k cat /proc/sys/net/ipv4/conf/all/arp_ignore /proc/sys/net/ipv4/conf/all/arp_announce /proc/sys/net/ipv4/conf/lo/arp_ignore /proc/sys/net/ipv4/conf/lo/arp_announce | tr '\n' ' ' | sed 's/ $//')"
  out=$(agent tun3-rs$k realserver --once --revision-file /tmp/tun.json --state-dir /tmp/st-tun$k 2>&1)
  printf '%s\n' "$out" | grep '^changed' | sed 's/^/    tun3-rs'$k' /'
  check "TUN rs$k: tunl0 up with the VIP" bash -c "ip -n tun3-rs$k addr show dev tunl0 | grep -q '10.3.3.100/32' && ip -n tun3-rs$k link show tunl0 | grep -q ',UP'"
  same "TUN rs$k: rp_filter 0 on all and tunl0" "0 0" "$(ns tun3-rs$k cat /proc/sys/net/ipv4/conf/all/rp_filter /proc/sys/net/ipv4/conf/tunl0/rp_filter | tr '\n' ' ' | sed 's/ $//')"
done
out=$(agent dr2-rs1 realserver --once --revision-file /tmp/dr.json --state-dir /tmp/st-dr1 2>&1)
check "a second run changes nothing" bash -c "! grep -q '^changed' <<<'$out'"

check "DR director: apply --once" agent dr2-dir apply --once --revision-file /tmp/dr.json --state-dir /tmp/st-dr
check "TUN director: apply --once" agent tun3-dir apply --once --revision-file /tmp/tun.json --state-dir /tmp/st-tun
h=$(lab_hits dr2-cli http://10.2.1.100/ 10); echo "$h" | sed 's/^/    DR /'
same "DR balances rr: rs1 5 of 10" 5 "$(hits_of rs1 "$h")"
mac=$(ns dr2-cli ip neigh show 10.2.1.100 | awk '{print $5}')
same "client ARPs the director for the VIP (real servers stay silent)" "$(ip -n dr2-dir link show eth0 | awk '/ether/{print $2}')" "$mac"
h=$(lab_hits tun3-cli http://10.3.3.100/ 10); echo "$h" | sed 's/^/    TUN /'
same "TUN balances rr: rs1 5 of 10" 5 "$(hits_of rs1 "$h")"
same "TUN balances rr: rs2 5 of 10" 5 "$(hits_of rs2 "$h")"

# The daemon form: a network restart (here: the VIP deleted by hand) is repaired.
echo '{"realserverCheckSeconds": 1}' >/tmp/rs.json
ip netns exec dr2-rs1 node "$AGENT" realserver -c /tmp/rs.json --revision-file /tmp/dr.json --state-dir /tmp/st-dr1 >/tmp/rs.log 2>&1 &
P=$!
sleep 3
ip -n dr2-rs1 addr del 10.2.1.100/32 dev lo
ns dr2-rs1 sysctl -qw net.ipv4.conf.all.arp_ignore=0
check "realserver daemon puts the VIP back on lo" wait_for 15 bash -c "ip -n dr2-rs1 addr show dev lo | grep -q '10.2.1.100/32'"
check "... and arp_ignore" wait_for 5 bash -c "[ \"\$(ip netns exec dr2-rs1 cat /proc/sys/net/ipv4/conf/all/arp_ignore)\" = 1 ]"
check "it reports what it changed" grep -q "real server set up" /tmp/rs.log
kill -TERM "$P"; wait "$P"
out=$(agent dr2-rs1 doctor --realserver --revision-file /tmp/dr.json --state-dir /tmp/st-dr1 2>&1)
printf '%s\n' "$out" | sed 's/^/    doctor: /'
check "doctor finds the set-up DR real server healthy (live checks)" grep -q "OK   VIP 10.2.1.100 on lo" <<<"$out"
lab_exit
