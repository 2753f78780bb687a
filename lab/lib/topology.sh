# Helpers for lab tests, sourced INSIDE the guest: client / director / real-server network
# namespaces wired for the three LVS forwarding methods, and tiny web servers that answer with
# their own name. All addresses are private to the guest.
#
#   . "$SHOAL_REPO/lab/lib/topology.sh"
#   lab_nat 1 2      # namespaces nat1-cli nat1-dir nat1-rs1 nat1-rs2; VIP 10.1.1.100 on the director
#   lab_dr 2 2       # dr2-*:  one L2 segment, VIP on the real servers' lo (arp_ignore/announce)
#   lab_tun 3 2      # tun3-*: client and servers behind a router, VIP 10.3.3.100 on the servers' tunl0
#   lab_director_only lb 10.9.0.0/24   # just a director namespace with a route to that subnet
#   ns nat1-dir ipvsadm -A -t 10.1.1.100:80 -s rr ...
#   lab_get nat1-cli http://10.1.1.100/   -> prints the real server's name
#
# Subnets for topology N: client side 10.N.1.0/24 (VIP 10.N.1.100), servers 10.N.2.0/24,
# real server k = 10.N.2.(10+k). IPv6 twins: fd00:N:1::/64, fd00:N:2::/64 (VIP fd00:N:1::100).

ns() { local n=$1; shift; ip netns exec "$n" "$@"; }

lab_mkns() {
  local n
  for n in "$@"; do ip netns add "$n"; ip -n "$n" link set lo up; done
}

# lab_web NS NAME [ADDR]: busybox httpd on port 80 answering GET / with NAME
lab_web() {
  local n=$1 name=$2 addr=${3:-}
  mkdir -p "/tmp/www-$n"; echo "$name" >"/tmp/www-$n/index.html"
  # without an address busybox binds [::]:80, which takes IPv4 too
  ns "$n" httpd -p "${addr:+$addr:}80" -h "/tmp/www-$n"
}

# lab_get NS URL: one HTTP GET from NS (busybox wget -T segfaults: timeout(1) instead)
lab_get() { ns "$1" timeout 5 wget -q -O - "$2"; }

_lab_quiet_sysctl() { ns "$1" sysctl -qw "${@:2}" >/dev/null; }

# lab_director_only NS SUBNET...: a director namespace owning .1 of each /24 on a dummy link,
# so IPVS has a unicast route to real servers there (it refuses dests without one)
lab_director_only() {
  local n=$1 i=0 s; shift
  lab_mkns "$n"
  for s in "$@"; do
    ip -n "$n" link add "d$i" type dummy
    case $s in
      *:*) ip -n "$n" addr add "${s%/*}1/${s#*/}" dev "d$i" nodad ;;
      *) ip -n "$n" addr add "${s%.*/*}.1/${s#*/}" dev "d$i" ;;
    esac
    ip -n "$n" link set "d$i" up; i=$((i + 1))
  done
}

# lab_nat N RS: client --(10.N.1/24)-- director --(bridge, 10.N.2/24)-- real servers (NAT, -m)
lab_nat() {
  local N=$1 R=$2 p="nat$1" k
  lab_mkns "$p-cli" "$p-dir"
  ip link add eth0 netns "$p-cli" type veth peer name eth0 netns "$p-dir"
  ip -n "$p-dir" link add br0 type bridge
  for k in $(seq 1 "$R"); do
    lab_mkns "$p-rs$k"
    ip link add eth0 netns "$p-rs$k" type veth peer name "p$k" netns "$p-dir"
    ip -n "$p-dir" link set "p$k" master br0; ip -n "$p-dir" link set "p$k" up
    ip -n "$p-rs$k" addr add "10.$N.2.$((10 + k))/24" dev eth0
    ip -n "$p-rs$k" addr add "fd00:$N:2::$((10 + k))/64" dev eth0 nodad
    ip -n "$p-rs$k" link set eth0 up
    ip -n "$p-rs$k" route add default via "10.$N.2.1"
    ip -n "$p-rs$k" -6 route add default via "fd00:$N:2::1"
    lab_web "$p-rs$k" "rs$k"
  done
  ip -n "$p-cli" addr add "10.$N.1.2/24" dev eth0
  ip -n "$p-cli" addr add "fd00:$N:1::2/64" dev eth0 nodad
  ip -n "$p-cli" link set eth0 up
  ip -n "$p-cli" route add default via "10.$N.1.1"
  ip -n "$p-cli" -6 route add default via "fd00:$N:1::1"
  ip -n "$p-dir" addr add "10.$N.1.1/24" dev eth0
  ip -n "$p-dir" addr add "10.$N.1.100/32" dev eth0 label eth0:1
  ip -n "$p-dir" addr add "fd00:$N:1::1/64" dev eth0 nodad
  ip -n "$p-dir" addr add "fd00:$N:1::100/128" dev eth0 nodad
  ip -n "$p-dir" link set eth0 up
  ip -n "$p-dir" addr add "10.$N.2.1/24" dev br0
  ip -n "$p-dir" addr add "fd00:$N:2::1/64" dev br0 nodad
  ip -n "$p-dir" link set br0 up
  _lab_quiet_sysctl "$p-dir" net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
}

# lab_dr N RS: client, director and real servers on one L2 segment (DR, -g); each real server
# holds the VIP on lo and must not answer ARP for it
lab_dr() {
  local N=$1 R=$2 p="dr$1" k n
  ip link add "br-$p" type bridge; ip link set "br-$p" up
  lab_mkns "$p-cli" "$p-dir"
  for k in $(seq 1 "$R"); do lab_mkns "$p-rs$k"; done
  for n in cli dir $(for k in $(seq 1 "$R"); do echo "rs$k"; done); do
    ip link add eth0 netns "$p-$n" type veth peer name "v$N-$n"
    ip link set "v$N-$n" master "br-$p"; ip link set "v$N-$n" up; ip -n "$p-$n" link set eth0 up
  done
  ip -n "$p-cli" addr add "10.$N.1.2/24" dev eth0
  ip -n "$p-dir" addr add "10.$N.1.1/24" dev eth0
  ip -n "$p-dir" addr add "10.$N.1.100/32" dev eth0 label eth0:1
  for k in $(seq 1 "$R"); do
    _lab_quiet_sysctl "$p-rs$k" net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 \
      net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2
    ip -n "$p-rs$k" addr add "10.$N.1.$((10 + k))/24" dev eth0
    ip -n "$p-rs$k" addr add "10.$N.1.100/32" dev lo label lo:0
    lab_web "$p-rs$k" "rs$k"
  done
}

# lab_tun N RS: TUN (IPIP, -i). Client and servers sit on two subnets joined by a router
# namespace; the director is one host on the server segment and the router sends the VIP
# (10.N.3.100, its own /24 so the client routes rather than ARPs) to it. Real servers decapsulate
# on tunl0, which holds the VIP, and answer the client straight through the router.
lab_tun() {
  local N=$1 R=$2 p="tun$1" k
  lab_mkns "$p-cli" "$p-rtr" "$p-dir"
  ip link add eth0 netns "$p-cli" type veth peer name eth0 netns "$p-rtr"
  ip -n "$p-rtr" link add br0 type bridge
  ip -n "$p-cli" addr add "10.$N.1.2/24" dev eth0; ip -n "$p-cli" link set eth0 up
  ip -n "$p-cli" route add default via "10.$N.1.1"
  ip -n "$p-rtr" addr add "10.$N.1.1/24" dev eth0; ip -n "$p-rtr" link set eth0 up
  ip -n "$p-rtr" addr add "10.$N.2.1/24" dev br0; ip -n "$p-rtr" link set br0 up
  ip -n "$p-rtr" route add "10.$N.3.100/32" via "10.$N.2.2"
  _lab_quiet_sysctl "$p-rtr" net.ipv4.ip_forward=1
  ip link add eth0 netns "$p-dir" type veth peer name pd netns "$p-rtr"
  ip -n "$p-rtr" link set pd master br0; ip -n "$p-rtr" link set pd up
  ip -n "$p-dir" addr add "10.$N.2.2/24" dev eth0; ip -n "$p-dir" link set eth0 up
  ip -n "$p-dir" addr add "10.$N.3.100/32" dev eth0 label eth0:1
  ip -n "$p-dir" route add default via "10.$N.2.1"
  for k in $(seq 1 "$R"); do
    lab_mkns "$p-rs$k"
    ip link add eth0 netns "$p-rs$k" type veth peer name "p$k" netns "$p-rtr"
    ip -n "$p-rtr" link set "p$k" master br0; ip -n "$p-rtr" link set "p$k" up
    ip -n "$p-rs$k" addr add "10.$N.2.$((10 + k))/24" dev eth0; ip -n "$p-rs$k" link set eth0 up
    ip -n "$p-rs$k" route add default via "10.$N.2.1"
    ip -n "$p-rs$k" link set tunl0 up
    ip -n "$p-rs$k" addr add "10.$N.3.100/32" dev tunl0
    _lab_quiet_sysctl "$p-rs$k" net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.tunl0.rp_filter=0 \
      net.ipv4.conf.default.rp_filter=0 net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
    lab_web "$p-rs$k" "rs$k"
  done
}

# lab_hits NS URL COUNT: GET COUNT times, print "count name" lines (uniq -c)
lab_hits() {
  local i=0
  while [ "$i" -lt "$3" ]; do lab_get "$1" "$2" || echo ERR; i=$((i + 1)); done | sort | uniq -c
}
