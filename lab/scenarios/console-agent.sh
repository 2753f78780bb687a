#!/bin/bash
# Runs IN the lab guest (booted with `lab/run.sh -n -v SHARE`): a NAT director namespace whose real
# agent follows a real console on the host, real servers with web servers, and a traffic generator
# in the client namespace. Used by the lab e2e (e2e/tests/lab/) and by scripts/demo-lab.sh.
#
# Env: SHOAL_CONSOLE_URL  the console as the guest sees it (http://10.0.2.2:PORT)
#      SHOAL_LAB_SHARE    a host directory shared into the guest:
#        in:  token (the director's enrollment token; read from stdin by enroll, never on a command line)
#             stop (created by the host: clean up and power off)
#        out: ready (the guest is up), ipvs.txt (`ipvsadm -Ln` of the director, every second),
#             hits.txt (responses per real server seen by the client), agent.log
#      SHOAL_LAB_CLIENTS  parallel request loops (default 3)
#      SHOAL_LAB_PAUSE_MS pause after each request in a loop (default 50)
#      SHOAL_LAB_MINUTES  power off after this long even without a stop file (default 30)
set -uo pipefail
. "$SHOAL_REPO/lab/lib/topology.sh"
. "$SHOAL_REPO/lab/lib/uplink.sh"
S=${SHOAL_LAB_SHARE:?SHOAL_LAB_SHARE}
URL=${SHOAL_CONSOLE_URL:?SHOAL_CONSOLE_URL}
say() { echo "[lab] $*"; }

# client 10.1.1.2 -> director (VIP 10.1.1.100 on eth0:1, DIP 10.1.2.1) -> real servers 10.1.2.11-13
lab_nat 1 3
lab_uplink nat1-dir || exit 1

AGENT=/tmp/agent/shoal-agent.cjs
SHOAL_AGENT_DIST=/tmp/agent node "$SHOAL_REPO/packages/agent/bin/bundle.mjs" >/dev/null || { say "agent bundle failed"; exit 1; }
mkdir -p /etc/shoal
if ! ip netns exec nat1-dir node "$AGENT" enroll --console "$URL" --token-file /etc/shoal/agent.token -c /etc/shoal/agent.json --state-dir /tmp/agent-state <"$S/token" >"$S/enroll.log" 2>&1; then
  say "enroll failed:"; cat "$S/enroll.log"; exit 1
fi
ip netns exec nat1-dir node "$AGENT" run -c /etc/shoal/agent.json --poll-seconds 1 >"$S/agent.log" 2>&1 &
AGENT_PID=$!

# what the kernel holds, for the host to read (ipvsadm, not the agent: an independent witness)
( while [ ! -e "$S/stop" ]; do
    ip netns exec nat1-dir ipvsadm -Ln >/tmp/ipvs.txt 2>&1 && cp /tmp/ipvs.txt "$S/ipvs.tmp" && mv "$S/ipvs.tmp" "$S/ipvs.txt"
    sleep 1
  done ) &

# traffic: request loops in one node process, each GET on a new connection; the answer names the
# real server. Counts go to hits.txt every 2 s.
ip netns exec nat1-cli node "$SHOAL_REPO/lab/lib/http-load.cjs" http://10.1.1.100/ "$S/hits.txt" "$S/stop" "${SHOAL_LAB_CLIENTS:-3}" "${SHOAL_LAB_PAUSE_MS:-50}" >"$S/client.log" 2>&1 &

touch "$S/ready"
say "director agent running against $URL; traffic to 10.1.1.100:80"
end=$(( $(date +%s) + 60 * ${SHOAL_LAB_MINUTES:-30} ))
while [ ! -e "$S/stop" ] && [ "$(date +%s)" -lt "$end" ] && kill -0 "$AGENT_PID" 2>/dev/null; do sleep 1; done
kill -0 "$AGENT_PID" 2>/dev/null || { say "agent exited:"; tail -20 "$S/agent.log"; exit 1; }
kill "$AGENT_PID" 2>/dev/null
say "stopped"
