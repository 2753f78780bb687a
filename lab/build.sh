#!/usr/bin/env bash
# Builds Shoal's IPVS lab: a Debian user-mode-linux kernel (it ships every ip_vs module) and an
# initramfs with busybox, bash, iproute2, ipvsadm, iptables, keepalived and the host's node,
# all unpacked from Debian packages fetched with `apt-get download` (nothing is installed on the
# host). Idempotent: if the exact package versions and lab scripts are unchanged it exits at once.
#
# Usage: lab/build.sh [--force]
# Env:   SHOAL_LAB_CACHE  cache dir (default <repo>/.cache/lab; keep it out of git)
#        SHOAL_LAB_NODE   node binary to pack (default: `command -v node`)
# Out:   $SHOAL_LAB_CACHE/out/{linux.uml,base.cpio.gz,busybox,manifest.txt}
set -euo pipefail
LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$LAB/.." && pwd)
CACHE=${SHOAL_LAB_CACHE:-$REPO/.cache/lab}
mkdir -p "$CACHE" && CACHE=$(cd "$CACHE" && pwd)
FORCE=0
for a in "$@"; do
  case $a in
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "lab/build.sh: unknown argument $a" >&2; exit 2 ;;
  esac
done
log() { echo "[lab build] $*" >&2; }
APT=(apt-get -q); [ "$(id -u)" = 0 ] && APT+=(-o APT::Sandbox::User=root)

# What the guest needs. Libraries of every ELF binary are resolved with ldd below, so this list
# is the packages whose *files* we want (plus libraries ldd would not find in the staging tree).
PKGS=(user-mode-linux busybox-static bash libtinfo6 ipvsadm libnl-3-200 libnl-genl-3-200 libpopt0
  libc6 iproute2 libbpf1 libbsd0 libcap2 libelf1 libmnl0 libmd0 zlib1g netbase
  iptables libip4tc2 libip6tc2 libxtables12 libnetfilter-conntrack3 libnfnetlink0 libnftnl11
  keepalived libglib2.0-0 libpcre2-8-0 libsnmp40 libssl3 libsystemd0 libpci3 libwrap0
  slirp)  # slirp runs on the HOST: the guest's eth0 to the host's loopback (run.sh -n)
# Kernel modules besides ip_vs*: namespaces wiring, TUN real servers, fwmark marking.
MODULES="veth bridge dummy ipip ip6_tunnel tunnel4 tunnel6 nf_conntrack ipv6 iptable_mangle
  ip6table_mangle iptable_filter xt_mark xt_tcpudp xt_multiport nft_compat nft_chain_nat"

cand() { apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/{print $2}'; }
case "$(cand ipvsadm)" in ""|"(none)") log "apt lists empty: apt-get update"; "${APT[@]}" update >/dev/null ;; esac

declare -A VER
while read -r p v; do VER[$p]=$v; done < <(apt-cache policy "${PKGS[@]}" | awk '/^[^ ]/{sub(/:$/,"");p=$1} /Candidate:/{print p, $2}')
MANIFEST=""
for p in "${PKGS[@]}"; do
  v=${VER[$p]:-}
  case "$v" in ""|"(none)") log "no Debian candidate for $p (apt sources?)"; exit 1 ;; esac
  MANIFEST+="$p $v"$'\n'
done
NODE_BIN=$(readlink -f "${SHOAL_LAB_NODE:-$(command -v node)}")
MANIFEST+="node $NODE_BIN $("$NODE_BIN" --version) $(stat -c %s "$NODE_BIN")"$'\n'
MANIFEST+="modules $(echo $MODULES)"$'\n'
MANIFEST+="scripts $(cat "$0" "$LAB/init" "$LAB/uml/xstate-shim.c" | sha256sum | cut -c1-16)"$'\n'
OUT=$CACHE/out
if [ "$FORCE" = 0 ] && [ -f "$OUT/base.cpio.gz" ] && [ "$(cat "$OUT/manifest.txt" 2>/dev/null)" = "$(printf %s "$MANIFEST")" ]; then
  log "up to date: $OUT"; exit 0
fi

DEBS=$CACHE/debs; mkdir -p "$DEBS"
debfile() { ls "$DEBS/${1}_${2//:/%3a}_"*.deb 2>/dev/null | head -1; }
need=()
for p in "${PKGS[@]}"; do [ -n "$(debfile "$p" "${VER[$p]}")" ] || need+=("$p=${VER[$p]}"); done
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get download ${#need[@]} packages"
  (cd "$DEBS" && "${APT[@]}" download "${need[@]}" >/dev/null)
fi

STAGE=$CACHE/stage ROOT=$CACHE/root
rm -rf "$STAGE" "$ROOT"; mkdir -p "$STAGE"
for p in "${PKGS[@]}"; do dpkg-deb -x "$(debfile "$p" "${VER[$p]}")" "$STAGE"; done
rm -rf "$STAGE/usr/share/doc" "$STAGE/usr/share/man" "$STAGE/usr/share/locale" "$STAGE/usr/share/lintian"
BB=$STAGE/bin/busybox
LIBDIRS="$STAGE/lib/x86_64-linux-gnu:$STAGE/usr/lib/x86_64-linux-gnu"

mkdir -p "$ROOT"/{bin,sbin,etc,proc,sys,dev,run,tmp,mnt,root,job,lib64,lib/x86_64-linux-gnu,usr/bin,usr/sbin,var}
ln -s lib "$ROOT/usr/lib"; ln -s ../run "$ROOT/var/run"
cp "$BB" "$ROOT/bin/busybox"
for app in $("$BB" --list); do
  # busybox's ip lacks netns and its sh would prefer its own applets over iproute2: skip both
  case $app in busybox|ip|sh|iptables*|ip6tables*) continue ;; esac
  ln -s busybox "$ROOT/bin/$app"
done
ln -s ../bin/busybox "$ROOT/sbin/modprobe"
cp "$STAGE/bin/bash" "$ROOT/bin/bash"; ln -s bash "$ROOT/bin/sh"
cp "$STAGE/bin/ip" "$ROOT/sbin/ip"
cp -a "$STAGE"/sbin/ipvsadm* "$ROOT/sbin/"
cp -a "$STAGE"/usr/sbin/keepalived "$ROOT/usr/sbin/" 2>/dev/null || cp -a "$STAGE"/sbin/keepalived "$ROOT/sbin/"
cp -a "$STAGE"/usr/sbin/*tables* "$ROOT/usr/sbin/" 2>/dev/null || true
cp -a "$STAGE"/usr/sbin/xtables* "$ROOT/usr/sbin/" 2>/dev/null || true
# Debian points iptables at a backend through /etc/alternatives (not in a .deb): link nft's, its default
for t in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
  ln -sf xtables-nft-multi "$ROOT/usr/sbin/$t"
done
[ -d "$STAGE/usr/lib/x86_64-linux-gnu/xtables" ] && cp -a "$STAGE/usr/lib/x86_64-linux-gnu/xtables" "$ROOT/lib/x86_64-linux-gnu/"
cp "$STAGE/etc/services" "$STAGE/etc/protocols" "$ROOT/etc/"
cp -L "$STAGE/lib64/ld-linux-x86-64.so.2" "$ROOT/lib64/"
copy_libs() { # ELF files... : copy their shared libraries (staged Debian ones first, else the host's)
  for b in "$@"; do
    { LD_LIBRARY_PATH=$LIBDIRS ldd "$b" 2>/dev/null || true; } | awk '/=> \//{print $3}' | while read -r l; do
      [ -e "$ROOT/lib/x86_64-linux-gnu/$(basename "$l")" ] || cp -L "$l" "$ROOT/lib/x86_64-linux-gnu/"
    done
  done
}
copy_libs "$ROOT"/bin/bash "$ROOT"/sbin/ip "$ROOT"/sbin/ipvsadm "$(readlink -f "$ROOT"/usr/sbin/keepalived)" \
  $(find "$ROOT/usr/sbin" "$ROOT/lib/x86_64-linux-gnu/xtables" -type f 2>/dev/null)
cp "$NODE_BIN" "$ROOT/usr/bin/node"; copy_libs "$NODE_BIN"
# xtables extensions are dlopen()ed: their libraries are not in any binary's ldd
echo "root:x:0:0:root:/root:/bin/sh" >"$ROOT/etc/passwd"
echo "root:x:0:" >"$ROOT/etc/group"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$ROOT/etc/hosts"
printf 'hosts: files\nservices: files\nprotocols: files\n' >"$ROOT/etc/nsswitch.conf"
mkdir -p "$ROOT/etc/keepalived" "$ROOT/etc/iproute2"
cp "$LAB/init" "$ROOT/init"; chmod 755 "$ROOT/init"

# UML kernel modules: the dependency closure of ip_vs* and $MODULES
UVER=$(ls "$STAGE/usr/lib/uml/modules" | head -1)
SRC=$STAGE/usr/lib/uml/modules/$UVER DST=$ROOT/lib/modules/$UVER
want=$(cd "$SRC" && { find kernel/net/netfilter/ipvs -name '*.ko'
  for m in $MODULES; do find kernel -name "$m.ko" -o -name "${m//_/-}.ko"; done; })
for f in $(for w in $want; do grep "^$w:" "$SRC/modules.dep" | tr -d ':' | tr ' ' '\n'; done | sort -u | grep .); do
  mkdir -p "$DST/$(dirname "$f")"; cp "$SRC/$f" "$DST/$f"
done
cp "$SRC"/modules.builtin* "$SRC/modules.order" "$DST/" 2>/dev/null || true
"$BB" depmod -b "$ROOT" "$UVER"

mkdir -p "$OUT"
(cd "$ROOT" && find . -mindepth 1 | LC_ALL=C sort | "$BB" cpio -o -H newc 2>/dev/null) | gzip -1 >"$OUT/base.cpio.gz.tmp"
mv "$OUT/base.cpio.gz.tmp" "$OUT/base.cpio.gz"
cp "$STAGE/usr/bin/linux.uml" "$OUT/linux.uml"
cp "$BB" "$OUT/busybox"
# the unthrottled build: plain `slirp` emulates a modem's baud rate
cp "$STAGE/usr/bin/slirp-fullbolt" "$OUT/slirp"
# UML 6.1 cannot restore FPU state on hosts with a large XSAVE area (AVX-512): see the shim
if ! command -v cc >/dev/null; then
  [ "$(id -u)" = 0 ] || { log "no C compiler for lab/uml/xstate-shim.c: apt-get install gcc"; exit 1; }
  log "apt-get install gcc (for lab/uml/xstate-shim.c)"
  DEBIAN_FRONTEND=noninteractive "${APT[@]}" install -y --no-install-recommends gcc libc6-dev >/dev/null
fi
cc -O2 -shared -fPIC -o "$OUT/uml-xstate-shim.so" "$LAB/uml/xstate-shim.c" -ldl
rm -rf "$STAGE" "$ROOT"
printf %s "$MANIFEST" >"$OUT/manifest.txt"
log "built: uml kernel $UVER, initramfs $(du -h "$OUT/base.cpio.gz" | cut -f1) in $OUT"
