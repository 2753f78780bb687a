#!/bin/bash
# `shoal-agent doctor` finds the common LVS pitfalls on a real director and real server and
# says the fix: ip_forward off for NAT, a real server with no route from the director; on a DR real server the VIP missing on lo, ARP sysctls wrong,
# and a misspelled arp_ignore in /etc/sysctl.d. (Netfilter findings are unit-tested on the host:
# the guest's iptables cannot load its xtables libraries.)
. "$SHOAL_REPO/lab/tests/agent/agent.inc"
lab_nat 1 2
lab_dr 2 1
cat >/tmp/nat.json <<'J'
{"revision": 1, "cluster": {"name": "lab", "virtualServices": [
  {"address": "10.1.1.100", "port": 80, "scheduler": "rr",
   "realServers": [{"address": "10.1.2.11", "port": 80, "forwarding": "masq"}, {"address": "10.9.9.9", "port": 80, "forwarding": "masq"}]}]}}
J
ns nat1-dir sysctl -qw net.ipv4.ip_forward=0
out=$(agent nat1-dir doctor --revision-file /tmp/nat.json --state-dir /tmp/st 2>&1); rc=$?
printf '%s\n' "$out" | sed 's/^/    /'
same "doctor exits 1 when something is wrong" 1 "$rc"
check "ip_vs module found" grep -q "^OK   ip_vs module" <<<"$out"
check "ip_forward off for NAT is a failure with the fix" grep -q "fix: sysctl -w net.ipv4.ip_forward=1" <<<"$out"
check "a real server with no route from the director is a failure" grep -q "^FAIL route to 10.9.9.9" <<<"$out"
check "a routed real server is fine" grep -q "^OK   route to 10.1.2.11" <<<"$out"

cat >/tmp/dr.json <<'J'
{"revision": 1, "cluster": {"name": "lab", "virtualServices": [
  {"address": "10.2.1.100", "port": 80, "scheduler": "rr", "realServers": [{"address": "10.2.1.11", "port": 80, "forwarding": "route"}]}]}}
J
ip -n dr2-rs1 addr del 10.2.1.100/32 dev lo
ns dr2-rs1 sysctl -qw net.ipv4.conf.all.arp_announce=0
mkdir -p /etc/sysctl.d && printf 'net.ipv4.conf.all.arp_ingore = 1\n' >/etc/sysctl.d/90-lvs.conf
out=$(agent dr2-rs1 doctor --realserver --revision-file /tmp/dr.json --state-dir /tmp/st-rs 2>&1); rc=$?
printf '%s\n' "$out" | sed 's/^/    /'
same "real-server doctor exits 1" 1 "$rc"
check "VIP missing on lo of the DR real server, with the fix" grep -q "fix: ip addr add 10.2.1.100/32 dev lo" <<<"$out"
check "arp_announce wrong" grep -q "^FAIL net.ipv4.conf.all.arp_announce" <<<"$out"
check "misspelled arp_ignore in /etc/sysctl.d" grep -q "misspelled arp_ignore" <<<"$out"
lab_exit
