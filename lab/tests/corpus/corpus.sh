#!/bin/bash
# Issue 21: configurations not from Shoal (packages/core/test/corpus) and Shoal's exports of their
# import, each loaded into its own network namespace by the real keepalived 2.2.7 or the real
# `ipvsadm -R`, give identical kernel tables (`ipvsadm -S -n`). The real servers' addresses are on
# the namespace's lo with a busybox httpd on their ports, so every checker passes and keepalived
# keeps every real server: a table that differs is a difference in what the files say.
. "$SHOAL_REPO/lab/lib/check.sh"
. "$SHOAL_REPO/lab/lib/topology.sh"
W=/tmp/corpus
mkdir -p "$W/www" && echo ok > "$W/www/index.html"
SHOAL_CORPUS_DIR="$SHOAL_REPO/packages/core/test/corpus" node "$SHOAL_LAB_JS/lab/tests/corpus/corpus.mjs" "$W/out" || { fail "corpus exports written"; lab_exit; }
n=0
# load NAME KIND FILE CASE: a fresh namespace with the case's addresses, loaded by keepalived or ipvsadm -R
load() {
  local name=$1 kind=$2 file=$3 dir=$4
  ip netns add "$name"
  ns "$name" ip link set lo up
  n=$((n + 1))
  ip link add "h$n" type veth peer name eth0 netns "$name"
  ip link set "h$n" up
  ns "$name" ip link set eth0 up
  ns "$name" ip addr add "172.31.$n.2/24" dev eth0
  while read -r a; do
    [ -n "$a" ] || continue
    case $a in *:*) ns "$name" ip -6 addr add "$a/128" dev lo nodad ;; *) ns "$name" ip addr add "$a/32" dev lo ;; esac
  done < "$dir/addrs"
  while read -r p; do [ -n "$p" ] && ns "$name" busybox httpd -p "$p" -h "$W/www"; done < "$dir/ports"
  if [ "$kind" = keepalived ]; then
    ns "$name" keepalived -n -l -D -f "$file" -p "$W/$name.pid" -c "$W/$name.c.pid" -r "$W/$name.r.pid" > "$W/$name.log" 2>&1 &
  else
    ns "$name" ipvsadm -R < "$file"
  fi
}
# table NAME: the namespace's table once it has not changed for 12 s (deadline 120 s), sorted
table() {
  local prev="" cur same=0 i
  for i in $(seq 1 120); do
    cur=$(ns "$1" ipvsadm -S -n | LC_ALL=C sort)
    if [ -n "$cur" ] && [ "$cur" = "$prev" ]; then same=$((same + 1)); else same=0; fi
    [ "$same" -ge 12 ] && break
    prev=$cur
    sleep 1
  done
  printf '%s\n' "$cur"
}
for dir in "$W"/out/*/; do
  c=$(basename "$dir")
  first="" firstname=""
  for f in original.keepalived.conf original.ipvsadm lvscf-roundtrip.ipvsadm export.keepalived.conf export.ipvsadm; do
    [ -f "$dir/$f" ] || continue
    name="c$n"
    case $f in *.conf) load "$name" keepalived "$dir/$f" "$dir" ;; *) load "$name" ipvsadm "$dir/$f" "$dir" ;; esac
    t=$(table "$name")
    if [ -z "$first" ]; then
      first=$t firstname=$f
      lines=$(printf '%s\n' "$t" | grep -c . || true)
      if [ "$lines" -gt 0 ]; then pass "$c: $f loads ($lines table lines)"; else fail "$c: $f loads an empty table"; sed 's/^/    /' "$W/$name.log" 2>/dev/null | tail -20; fi
    else
      same "$c: $f gives the kernel table $firstname gives" "$first" "$t"
    fi
  done
done
lab_exit
