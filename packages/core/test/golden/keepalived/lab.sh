ip link add d0 type dummy
ip link set d0 multicast on
ip addr add 10.9.0.1/24 dev d0
ip -6 addr add 2001:db8:9::1/64 dev d0 nodad
ip link set d0 up
echo "== keepalived -t (config check)"
keepalived -t -f /tmp/kalab/keepalived.conf; echo "rc=$?"
echo "== keepalived run"
keepalived --dont-fork --log-console -C -f /tmp/kalab/keepalived.conf > /tmp/ka.log 2>&1 &
sleep 6
echo "== ipvsadm -S -n (while keepalived runs)"
ipvsadm -S -n
echo "== timeouts / daemon"
ipvsadm -L --timeout; ipvsadm -L --daemon
kill %1; wait
echo "== keepalived log: errors/warnings"
grep -iE "error|warn|unknown|invalid" /tmp/ka.log | sed 's/^[A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 0-9]* [0-9:]* [0-9]*: //' | sort | uniq -c | head -30
