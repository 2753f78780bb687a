# lab_uplink [NS]: the guest's way to the host's loopback, for a guest booted with `lab/run.sh -n`.
# Slirp answers for 10.0.2.2 with the host's 127.0.0.1 (nothing else of the host is reachable).
# With NS (e.g. nat1-dir, where an agent runs), that namespace gets a veth to the root namespace
# and a host route to 10.0.2.2 through it; the root namespace forwards.
lab_uplink() {
  local n=${1:-}
  # init renamed the slirp link (eth0) to uplink0
  ip link show uplink0 >/dev/null 2>&1 || { echo "lab_uplink: no uplink0: boot the guest with lab/run.sh -n" >&2; return 1; }
  ip addr add 10.0.2.15/24 dev uplink0 2>/dev/null || true
  ip link set uplink0 up
  [ -n "$n" ] || return 0
  ip link add up-"$n" type veth peer name uplink netns "$n"
  ip addr add 10.254.0.1/30 dev up-"$n"; ip link set up-"$n" up
  ip -n "$n" addr add 10.254.0.2/30 dev uplink; ip -n "$n" link set uplink up
  ip -n "$n" route add 10.0.2.2/32 via 10.254.0.1
  sysctl -qw net.ipv4.ip_forward=1 >/dev/null
}
