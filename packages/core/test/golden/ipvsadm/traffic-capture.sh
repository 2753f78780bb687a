set -u
ns() { n=$1; shift; ip netns exec "$n" "$@"; }
for n in n-cli n-dir n-rs1 n-rs2; do ip netns add $n; ip -n $n link set lo up; done
ip link add eth0 netns n-cli type veth peer name eth0 netns n-dir
ip -n n-dir link add br0 type bridge
for r in 1 2; do
  ip link add eth0 netns n-rs$r type veth peer name p$r netns n-dir
  ip -n n-dir link set p$r master br0; ip -n n-dir link set p$r up
  ip -n n-rs$r addr add 10.0.2.1$r/24 dev eth0; ip -n n-rs$r link set eth0 up
  ip -n n-rs$r route add default via 10.0.2.1
  mkdir -p /tmp/www$r; echo rs$r > /tmp/www$r/index.html; ns n-rs$r httpd -p 10.0.2.1$r:80 -h /tmp/www$r
done
ip -n n-cli addr add 10.0.1.2/24 dev eth0; ip -n n-cli link set eth0 up; ip -n n-cli route add default via 10.0.1.1
ip -n n-dir addr add 10.0.1.1/24 dev eth0; ip -n n-dir addr add 10.0.1.100/32 dev eth0; ip -n n-dir addr add 10.0.1.101/32 dev eth0
ip -n n-dir link set eth0 up; ip -n n-dir addr add 10.0.2.1/24 dev br0; ip -n n-dir link set br0 up
ns n-dir sysctl -qw net.ipv4.ip_forward=1
ns n-dir ipvsadm -A -t 10.0.1.100:80 -s rr
ns n-dir ipvsadm -a -t 10.0.1.100:80 -r 10.0.2.11:80 -m
ns n-dir ipvsadm -a -t 10.0.1.100:80 -r 10.0.2.12:80 -m -w 2
ns n-dir ipvsadm -A -t 10.0.1.101:80 -s wlc -p 120
ns n-dir ipvsadm -a -t 10.0.1.101:80 -r 10.0.2.11:80 -m
for i in 1 2 3 4 5 6; do ns n-cli timeout 5 wget -q -O /dev/null http://10.0.1.100/; ns n-cli timeout 5 wget -q -O /dev/null http://10.0.1.101/; done
sleep 3
echo =Lcn; ns n-dir ipvsadm -Lcn
echo =Lcn-pc; ns n-dir ipvsadm -Lcn --persistent-conn
echo =Lc; ns n-dir ipvsadm -Lc
echo =procconn; ns n-dir cat /proc/net/ip_vs_conn
echo =Ln; ns n-dir ipvsadm -Ln
echo =stats; ns n-dir ipvsadm -Ln --stats
echo =stats-exact; ns n-dir ipvsadm -Ln --stats --exact
echo =rate; ns n-dir ipvsadm -Ln --rate
echo =rate-exact; ns n-dir ipvsadm -Ln --rate --exact
echo =pc; ns n-dir ipvsadm -Ln --persistent-conn
echo =proc; ns n-dir cat /proc/net/ip_vs
echo =procstats; ns n-dir cat /proc/net/ip_vs_stats
echo =L-noN; ns n-dir ipvsadm -L
echo =end
# restore experiments (fresh namespace-less root ns)
ip link add d0 type dummy; ip addr add 10.9.0.1/24 dev d0; ip -6 addr add 2001:db8::1/64 dev d0; ip link set d0 up
echo =R1
printf '%s\n' '-A -t 10.9.0.100:80 -s wrr' '-a -t 10.9.0.100:80 -r 10.9.0.11:80 -g -w 3 -x 100 -y 10' '-a -t 10.9.0.100:80 -r 10.9.0.12:80 -i -w 3 --tun-type gue --tun-port 6080 --tun-nocsum -x 5 -y 2' | ipvsadm -R; echo rc=$?
ipvsadm -Ln --thresholds; ipvsadm -S -n
echo =R2-set
printf '%s\n' '--set 900 120 300' | ipvsadm -R; echo rc=$?; ipvsadm -L --timeout
echo =R3-edit
printf '%s\n' '-E -t 10.9.0.100:80 -s sh -b sh-port -p 30' '-e -t 10.9.0.100:80 -r 10.9.0.11:80 -m -w 0' '-d -t 10.9.0.100:80 -r 10.9.0.12:80' | ipvsadm -R; echo rc=$?; ipvsadm -S -n
echo =R4-error-midway
printf '%s\n' '-A -t 10.9.0.101:80 -s rr' '-a -t 10.9.0.199:80 -r 10.9.0.11:80 -g' '-A -t 10.9.0.102:80 -s rr' | ipvsadm -R; echo rc=$?; ipvsadm -S -n
echo =R5-comment
printf '%s\n' '# comment' '' '-A -t 10.9.0.103:80 -s rr' | ipvsadm -R; echo rc=$?; ipvsadm -S -n
echo =R6-edit-persist-off
printf '%s\n' '-E -t 10.9.0.100:80 -s sh' | ipvsadm -R; echo rc=$?; ipvsadm -S -n
echo =R7-edit-fwd-tunnel
printf '%s\n' '-e -t 10.9.0.100:80 -r 10.9.0.11:80 -i --tun-type gue --tun-port 7000 --tun-csum -w 4' | ipvsadm -R; echo rc=$?; ipvsadm -S -n
echo =R8-udp-ops-pe
ipvsadm -A -u 10.9.0.100:5060 -s sh -b sh-fallback,sh-port -p 30 --pe sip -o; echo rc=$?; ipvsadm -A -u [2001:db8::9]:53 -s rr -o -p; ipvsadm -A -f 9 -s rr -o ; ipvsadm -A -f 10 -6 -s dh -p 20 -M 48; echo rc=$?; ipvsadm -a -f 10 -6 -r [2001:db8::7]:0 -i --tun-type gue --tun-port 5555; echo rc=$?
ipvsadm -S -n; ipvsadm -Ln; cat /proc/net/ip_vs
echo =R9-weird
ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.30:80 -g -w 2147483647 ; echo rc=$?
ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.31:80 -g -w 65536 ; echo rc=$?
ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.32 -g ; echo rc=$?
ipvsadm -A -t 10.9.0.104:0 -s rr -p 10; echo rc=$?
ipvsadm -A -t 10.9.0.105:0 -s rr; echo rc=$?
ipvsadm -A -f 4294967295 -s rr; echo rc=$?
ipvsadm -A -t 10.9.0.106:80 -s rr -b sh-port; echo rc=$?
ipvsadm -A -t 10.9.0.107:80 -s rr -p 0; echo rc=$?
ipvsadm -A -t 10.9.0.108:80 -s rr -p 2678400; echo rc=$?
ipvsadm -A -t 10.9.0.109:80 -s rr -M 255.255.0.0; echo rc=$?
for s in rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh twos; do ipvsadm -A -t 10.9.1.1:$((1000+${#s}))$RANDOM -s $s >/dev/null 2>&1 || echo "sched $s: rejected"; done
ipvsadm -S -n
echo =end2
