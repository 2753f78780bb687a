# Run in the ipvs lab with this directory shared (-v): restores current.rules, runs batch.txt with
# ipvsadm -R, and prints the table and timeouts afterwards.
D=${D:-/tmp/engA/labcheck}   # the shared directory holding current.rules and batch.txt
ip link add d0 type dummy; ip addr add 10.9.0.1/24 dev d0; ip addr add 192.168.50.1/24 dev d0
ip -6 addr add 2001:db8::1/64 dev d0; ip link set d0 up
ipvsadm -R < $D/current.rules; echo "restore-current rc=$?"
ipvsadm -R < $D/batch.txt; echo "batch rc=$?"
echo =S; ipvsadm -S -n
echo =thresholds; ipvsadm -Ln --thresholds
echo =timeout; ipvsadm -L --timeout
echo =end
