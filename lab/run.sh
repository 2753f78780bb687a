#!/usr/bin/env bash
# Boots a fresh lab guest (user-mode Linux with real IPVS) and runs ONE script in it as root.
# The repository is shared read-write at the same path, so the guest runs the project's own code.
# The guest's stdout+stderr stream to ours; our exit code is the script's, 124 on timeout,
# 125 if the guest died without a status, 2 on a usage error.
#
# Usage: lab/run.sh [options] SCRIPT [ARGS...]     (a host file; shebang honoured, else bash)
#        lab/run.sh [options] -c 'shell code' [ARGS...]
# Options: -v HOST[:GUEST]  share another host dir (no ',' ':' or spaces in paths); repeatable
#          -e NAME=VALUE    export a variable to the script; repeatable
#          -m MB            guest memory (default 1024)
#          -t SECONDS       wall-clock limit (default 600)
#          -n               network to the host: the guest's uplink0 (slirp) reaches the host's
#                           127.0.0.1 as 10.0.2.2; lab_uplink (lib/uplink.sh) wires it up
#          --console FILE   keep the kernel log
# Env: SHOAL_LAB_CACHE (as build.sh)
set -euo pipefail
LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$LAB/.." && pwd)
OUTD=${SHOAL_LAB_CACHE:-$REPO/.cache/lab}/out
MEM=1024 TMO=600 CONSOLE="" CMD="" SCRIPT="" NET=()
SHARES=("$REPO") ENVS=()
while [ $# -gt 0 ]; do
  case $1 in
    -v) SHARES+=("$2"); shift 2 ;;
    -e) ENVS+=("$2"); shift 2 ;;
    -m) MEM=$2; shift 2 ;;
    -t) TMO=$2; shift 2 ;;
    -n) NET=("eth0=slirp,,$OUTD/slirp"); shift ;;
    -c) CMD=$2; shift 2; break ;;
    --console) CONSOLE=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    --) shift; break ;;
    -*) echo "lab/run.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ -z "$CMD" ]; then
  [ $# -ge 1 ] || { echo "lab/run.sh: need SCRIPT or -c CODE" >&2; exit 2; }
  SCRIPT=$1; shift
  [ -f "$SCRIPT" ] || { echo "lab/run.sh: no such file: $SCRIPT" >&2; exit 2; }
fi
[ -f "$OUTD/base.cpio.gz" ] || { echo "lab/run.sh: $OUTD/base.cpio.gz missing: run lab/build.sh" >&2; exit 2; }
[ ${#NET[@]} = 0 ] || [ -x "$OUTD/slirp" ] || { echo "lab/run.sh: -n needs $OUTD/slirp: run lab/build.sh" >&2; exit 2; }
# user-mode Linux maps guest memory from a file in /dev/shm (or $TMPDIR): without it, no lab
[ -w /dev/shm ] || { echo "lab/run.sh: /dev/shm is not writable: user-mode Linux cannot run here" >&2; exit 125; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/shoal-lab.XXXXXX")
VMPID=""
# The kernel runs under timeout(1) in a new session; setsid may fork, so timeout's pid is written
# down from inside. linux.uml then makes itself a process group (its helpers join it): killing
# timeout's children's groups ends the whole guest.
cleanup() {
  if [ -n "$VMPID" ]; then
    local t c
    t=$(cat "$TMP/vm.pid" 2>/dev/null || true)
    if [ -n "$t" ]; then
      for c in $(pgrep -P "$t" 2>/dev/null); do kill -KILL -- "-$c" 2>/dev/null; kill -KILL "$c" 2>/dev/null; done
      kill -KILL "$t" 2>/dev/null
    fi
    kill -KILL "$VMPID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
LOG=${CONSOLE:-$TMP/console.log}; : >"$LOG"; : >"$TMP/status"

J=$TMP/jobroot; mkdir -p "$J/job"
if [ -n "$CMD" ]; then printf '%s\n' "$CMD" >"$J/job/script"; else cp "$SCRIPT" "$J/job/script"; fi
q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
{ printf 'exec /job/script'; for a in "$@"; do printf ' %s' "$(q "$a")"; done; echo; } >"$J/job/run"
{ echo "export SHOAL_REPO=$(q "$REPO")"
  for e in "${ENVS[@]+"${ENVS[@]}"}"; do echo "export ${e%%=*}=$(q "${e#*=}")"; done; } >"$J/job/env"
(cd "$J" && find . -mindepth 1 | "$OUTD/busybox" cpio -o -H newc 2>/dev/null) | gzip -1 >"$TMP/job.cpio.gz"
cat "$OUTD/base.cpio.gz" "$TMP/job.cpio.gz" >"$TMP/initrd"

arg=""
for s in "${SHARES[@]}"; do
  host=${s%%:*}; guest=${s#*:}; [ "$guest" = "$s" ] && guest=$host
  host=$(cd "$host" && pwd)
  case "$host$guest" in *,*|*" "*) echo "lab/run.sh: path with ',' or space: $s" >&2; exit 2 ;; esac
  arg+="${arg:+,}$host:$guest"
done
# fd 3 = job output (to our stdout), fd 5 = kernel console, fd 6 = status line
LD_PRELOAD=$OUTD/uml-xstate-shim.so setsid -w bash -c 'echo $$ >"$0"; exec "$@"' "$TMP/vm.pid" timeout -k 5 "$TMO" "$OUTD/linux.uml" "mem=${MEM}M" "initrd=$TMP/initrd" \
  console=ttyS0 loglevel=4 panic=-1 rdinit=/init mitigations=off "shoal.hostfs=$arg" \
  ${NET[@]+"${NET[@]}"} con=null ssl=null ssl0=null,fd:5 ssl1=null,fd:3 ssl2=null,fd:6 \
  </dev/null 3>&1 5>>"$LOG" 6>>"$TMP/status" >>"$LOG" 2>&1 &
VMPID=$!
set +e; wait "$VMPID"; vrc=$?; set -e; VMPID=""
st=$(tr -d '\r' <"$TMP/status" | grep -a '^rc=' | tail -1 || true)
[ -n "$st" ] && exit "${st#rc=}"
if [ "$vrc" = 124 ] || [ "$vrc" = 137 ]; then echo "lab/run.sh: timed out after ${TMO}s" >&2; rc=124
else echo "lab/run.sh: guest gave no exit status (uml rc=$vrc)" >&2; rc=125; fi
echo "lab/run.sh: guest status: $(tr '\r\n' '  ' <"$TMP/status"); last kernel lines:" >&2
tail -n 25 "$LOG" >&2 || true
exit $rc
