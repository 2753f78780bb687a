ip link add d0 type dummy; ip addr add 10.9.0.1/24 dev d0; ip -6 addr add 2001:db8::1/64 dev d0; ip link set d0 up
ipvsadm -A -t 10.9.0.100:80 -s sh -b sh-port -p 60 -M 255.255.255.0
ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.11:80 -i --tun-type gue --tun-port 6080 -w 3 -x 100 -y 10
ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.12:80 -i --tun-type gre --tun-csum -w 3
ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.14:80 -i -w 2
ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.15:80 -i --tun-type gue --tun-port 6081 --tun-remcsum
ipvsadm -A -u 10.9.0.100:53 -s rr -o
ipvsadm -a -u 10.9.0.100:53 -r 10.9.0.13:5353 -m -w 0
ipvsadm -A -f 7 -s wlc -6
ipvsadm -a -f 7 -6 -r [2001:db8::5]:0 -g
ipvsadm -A -f 8 -s lc -p
ipvsadm -a -f 8 -r 10.9.0.20:0 -g -w 5
ipvsadm -A -t [2001:db8::100]:443 -s mh -b mh-fallback,mh-port -p 300 -M 64
ipvsadm -a -t [2001:db8::100]:443 -r [2001:db8::21]:8443 -m -w 7
ipvsadm -A --sctp-service 10.9.0.100:9 -s twos; echo twos-rc=$?
ipvsadm -A --sctp-service 10.9.0.100:10 -s fo; echo fo-rc=$?
ipvsadm -A -u 10.9.0.101:5060 -s rr -p 30 --pe sip; echo sip-rc=$?
ipvsadm -A -t 10.9.0.102:80 -s ovf -p 30 -o ; echo ovfo-rc=$?
ipvsadm --set 900 120 300
echo =S; ipvsadm -S -n
echo =Ln; ipvsadm -Ln
echo =stats-exact; ipvsadm -Ln --stats --exact
echo =rate; ipvsadm -Ln --rate
echo =rate-exact; ipvsadm -Ln --rate --exact
echo =stats; ipvsadm -Ln --stats
echo =thresholds; ipvsadm -Ln --thresholds
echo =persistent-conn; ipvsadm -Ln --persistent-conn
echo =tun-info; ipvsadm -Ln --tun-info
echo =proc; cat /proc/net/ip_vs
echo =procstats; cat /proc/net/ip_vs_stats
echo =timeout; ipvsadm -L --timeout
echo =Lcn; ipvsadm -Lcn
echo =version; ipvsadm --version
echo =end
