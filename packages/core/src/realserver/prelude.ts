/**
 * Shell helpers every real-server script carries. Each change start makes is appended to the
 * state file, so stop can undo exactly that, newest first, and nothing the host had before.
 */
export const PRELUDE = String.raw`set -u
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
rc=0

need_root() {
  [ "$(id -u)" = 0 ] || { echo "$0: must run as root" >&2; exit 1; }
}

note() { echo "$*" >> "$STATE"; }

sysctl_path() { echo "/proc/sys/$(echo "$1" | tr . /)"; }

# Set a sysctl; the first time it changes, remember the old value for stop.
set_sysctl() {
  f=$(sysctl_path "$1")
  if [ ! -w "$f" ]; then echo "  $1: not on this kernel, skipped" >&2; return 0; fi
  cur=$(cat "$f")
  [ "$cur" = "$2" ] && return 0
  grep -q "^sysctl $1 " "$STATE" 2>/dev/null || note "sysctl $1 $cur"
  echo "$2" > "$f" && echo "  $1 = $2 (was $cur)"
}

check_sysctl() {
  cur=$(cat "$(sysctl_path "$1")" 2>/dev/null || echo missing)
  if [ "$cur" = "$2" ]; then echo "  ok      $1 = $2"; else echo "  MISSING $1 = $cur (want $2)"; rc=3; fi
}

load_module() {
  [ -d "/sys/module/$1" ] && return 0
  modprobe "$1" || { echo "$0: cannot load kernel module $1" >&2; exit 1; }
  note "module $1"
}

link_up() {
  ip link show "$1" 2>/dev/null | grep -q "[<,]UP[,>]" && return 0
  ip link set "$1" up || exit 1
  note "link $1"
}

has_addr() { ip -o addr show dev "$1" 2>/dev/null | grep -qF " $2 "; }

# add_addr DEVICE ADDRESS/PREFIX [LABEL]
add_addr() {
  has_addr "$1" "$2" && return 0
  if [ $# -ge 3 ]; then ip addr add "$2" dev "$1" label "$3"; else ip addr add "$2" dev "$1"; fi || exit 1
  note "addr $1 $2"
  echo "  added $2 on $1"
}

check_addr() {
  if has_addr "$1" "$2"; then echo "  ok      $2 on $1"; else echo "  MISSING $2 on $1"; rc=3; fi
}

# add_fou PORT IPPROTO: decapsulate GUE arriving on this UDP port.
add_fou() {
  ip fou show 2>/dev/null | grep -q "^port $1 " && return 0
  ip fou add port "$1" ipproto "$2" || exit 1
  note "fou $1"
}

check_fou() {
  if ip fou show 2>/dev/null | grep -q "^port $1 "; then echo "  ok      GUE port $1"; else echo "  MISSING GUE port $1"; rc=3; fi
}

check_gateway() {
  for g in "$@"; do
    if ip route show default 2>/dev/null | grep -q "via $g "; then echo "  ok      default gateway $g"; return 0; fi
  done
  echo "  WARNING default gateway is not $*: NAT replies will bypass the director"
}

# Undo what start recorded, newest first, then forget it.
undo() {
  [ -f "$STATE" ] || { echo "nothing to undo ($STATE not found)"; return 0; }
  sed -n '1!G;h;$p' "$STATE" | while read -r kind a b; do
    case $kind in
      addr) ip addr del "$b" dev "$a" && echo "  removed $b from $a" ;;
      link) ip link set "$a" down ;;
      fou) ip fou del port "$a" ;;
      module) modprobe -r "$a" 2>/dev/null || echo "  module $a still in use, left loaded" ;;
      sysctl) echo "$b" > "$(sysctl_path "$a")" && echo "  $a = $b (restored)" ;;
    esac
  done
  rm -f "$STATE"
}
`;
