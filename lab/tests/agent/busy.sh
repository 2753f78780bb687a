#!/bin/bash
# A busy service under `shoal-agent run`: a long-lived client connection keeps echoing through
# the VIP while (1) its real server's weight changes and (2) its real server is removed. The
# removal drains (weight 0, no new connections, reported as draining) and the real server is
# deleted only once the connection has ended. No established connection is reset.
. "$SHOAL_REPO/lab/tests/agent/agent.inc"

lab_nat 1 2
for k in 1 2; do
  ip netns exec nat1-rs$k node -e 'require("net").createServer((s) => s.on("error", () => {}).pipe(s)).listen(81)' &
done
rev() { # rev N "REAL SERVERS JSON"
  cat >/tmp/rev.json.tmp <<J
{"revision": $1, "cluster": {"name": "lab-nat", "virtualServices": [
  {"name": "echo", "address": "10.1.1.100", "port": 81, "scheduler": "rr", "vipInterface": "eth0", "vipLabel": "1",
   "realServers": [$2]}]}}
J
  mv /tmp/rev.json.tmp /tmp/rev.json
}
rs() { echo "{\"address\": \"10.1.2.1$1\", \"port\": 81, \"forwarding\": \"masq\", \"weight\": $2}"; }
rev 1 "$(rs 1 1), $(rs 2 1)"
ip netns exec nat1-dir node "$AGENT" run --poll-seconds 1 --revision-file /tmp/rev.json --state-dir /tmp/st >/tmp/agent.log 2>&1 &
PID=$!
check "revision 1 applied" wait_for 30 grep -q '"appliedRevision": 1' /tmp/st/status.json

# The client: one TCP connection, a line every 100 ms, every echo checked; it stops when
# /tmp/stop appears and exits 0 only if the connection never broke and every line came back.
ip netns exec nat1-cli node -e '
  const s = require("net").connect(81, "10.1.1.100"); let sent = 0, got = "", broke = "";
  s.setEncoding("utf8"); s.on("data", (d) => (got += d));
  s.on("error", (e) => (broke = e.code || e.message)); s.on("close", () => { if (!stopping) broke ||= "closed by peer"; });
  let stopping = false;
  const t = setInterval(() => {
    if (require("fs").existsSync("/tmp/stop")) { stopping = true; clearInterval(t);
      setTimeout(() => { const lines = got.split("\n").filter(Boolean).length;
        console.log(`client: sent ${sent}, echoed ${lines}${broke ? ", broke: " + broke : ""}`);
        s.end(); process.exitCode = broke || lines !== sent ? 1 : 0; }, 500); return; }
    if (!broke) s.write(`line ${++sent}\n`);
  }, 100);' >/tmp/client.out 2>&1 &
CLIENT=$!
check "client connection established through the VIP" wait_for 15 bash -c "ip netns exec nat1-dir ipvsadm -Lcn | grep -q 'ESTABLISHED.*10.1.1.100:81'"
busy=$(ns nat1-dir ipvsadm -Lcn | awk '/ESTABLISHED/ && /10.1.1.100:81/{split($6, a, ":"); print a[1]; exit}')
k=${busy##*.1}; other=$((3 - k))
echo "    the connection is on real server $busy (rs$k)"

rev 2 "$(rs "$k" 5), $(rs "$other" 1)"
check "weight change applied (revision 2)" wait_for 15 bash -c "ip netns exec nat1-dir ipvsadm -Sn | grep -q -- '-r $busy:81 -m -w 5'"
sleep 1
check "connection still established after the weight change" bash -c "ip netns exec nat1-dir ipvsadm -Lcn | grep -q 'ESTABLISHED.*$busy:81'"

rev 3 "$(rs "$other" 1)"
check "removed real server drained to weight 0 (revision 3)" wait_for 15 bash -c "ip netns exec nat1-dir ipvsadm -Sn | grep -q -- '-r $busy:81 -m -w 0'"
check "status reports it draining with its active connection" wait_for 10 grep -q '"dest": "'"$busy"':81"' /tmp/st/status.json
sleep 3
check "still in the table while its connection is active" bash -c "ip netns exec nat1-dir ipvsadm -Sn | grep -q -- '-r $busy:81'"
check "connection still established during the drain" bash -c "ip netns exec nat1-dir ipvsadm -Lcn | grep -q 'ESTABLISHED.*$busy:81'"

touch /tmp/stop
wait "$CLIENT"; rc=$?
sed 's/^/    /' /tmp/client.out
same "the client's connection was never reset; every line echoed" 0 "$rc"
check "real server deleted once its connection ended" wait_for 20 bash -c "! ip netns exec nat1-dir ipvsadm -Sn | grep -q -- '-r $busy:81'"
check "revision 3 reported applied" wait_for 10 grep -q '"appliedRevision": 3' /tmp/st/status.json
kill -TERM "$PID"; wait "$PID"
lab_exit
