#!/bin/bash
# The lab itself: IPVS is there, and NAT / DR / TUN topologies balance real traffic.
. "$SHOAL_REPO/lab/lib/check.sh"
. "$SHOAL_REPO/lab/lib/topology.sh"
check "ip_vs loaded with the netlink family" grep -q '^ip_vs ' /proc/modules
check "node runs in the guest" node -e 'process.exit(0)'
check "keepalived runs in the guest" keepalived --version

lab_nat 1 2
ns nat1-dir ipvsadm -A -t 10.1.1.100:80 -s rr
ns nat1-dir ipvsadm -a -t 10.1.1.100:80 -r 10.1.2.11:80 -m
ns nat1-dir ipvsadm -a -t 10.1.1.100:80 -r 10.1.2.12:80 -m
same "NAT: round robin over both real servers" "$(printf '      2 rs1\n      2 rs2')" "$(lab_hits nat1-cli http://10.1.1.100/ 4)"

lab_dr 2 2
ns dr2-dir ipvsadm -A -t 10.2.1.100:80 -s rr
ns dr2-dir ipvsadm -a -t 10.2.1.100:80 -r 10.2.1.11:80 -g
ns dr2-dir ipvsadm -a -t 10.2.1.100:80 -r 10.2.1.12:80 -g
same "DR: round robin over both real servers" "$(printf '      2 rs1\n      2 rs2')" "$(lab_hits dr2-cli http://10.2.1.100/ 4)"
outp=$(ns dr2-dir ipvsadm -Ln --stats | awk '/^TCP/{print $5}')
same "DR: replies bypass the director (OutPkts 0)" 0 "$outp"

lab_tun 3 2
ns tun3-dir ipvsadm -A -t 10.3.3.100:80 -s rr
ns tun3-dir ipvsadm -a -t 10.3.3.100:80 -r 10.3.2.11:80 -i
ns tun3-dir ipvsadm -a -t 10.3.3.100:80 -r 10.3.2.12:80 -i
same "TUN: round robin over both real servers" "$(printf '      2 rs1\n      2 rs2')" "$(lab_hits tun3-cli http://10.3.3.100/ 4)"

ns nat1-dir ipvsadm -A -t "[fd00:1:1::100]:80" -s rr
ns nat1-dir ipvsadm -a -t "[fd00:1:1::100]:80" -r "[fd00:1:2::11]:80" -m
same "NAT over IPv6 reaches rs1" rs1 "$(lab_get nat1-cli 'http://[fd00:1:1::100]/')"
lab_exit
