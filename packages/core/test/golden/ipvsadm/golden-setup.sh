# Builds the golden IPVS table: every scheduler 6.1 has, every forwarding method and tunnel type,
# persistence with netmask and engine, one-packet, scheduler flags, fwmark v4+v6, sctp, IPv6.
ip link add d0 type dummy; ip addr add 10.9.0.1/24 dev d0; ip addr add 192.168.50.1/24 dev d0
ip -6 addr add 2001:db8::1/64 dev d0; ip link set d0 up
i=0
for s in rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh; do
  i=$((i+1)); ipvsadm -A -t 10.9.0.100:$((8000+i)) -s $s || echo "scheduler $s rejected"
  ipvsadm -a -t 10.9.0.100:$((8000+i)) -r 10.9.0.$((10+i)):$((8000+i)) -g -w $i
done
ipvsadm -A -t 10.9.0.100:9000 -s twos 2>&1 | sed 's/^/twos: /'
ipvsadm -A -t 10.9.0.100:80 -s wlc -p 300 -M 255.255.255.0
ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.11:8080 -m -w 10 -x 1000 -y 800
ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.12:80 -g -w 0
ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.13:80 -i -w 5
ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.14:80 -i --tun-type gue --tun-port 6080 -w 5
ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.15:80 -i --tun-type gue --tun-port 6081 --tun-csum -w 5
ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.16:80 -i --tun-type gue --tun-port 6082 --tun-remcsum -w 5
ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.17:80 -i --tun-type gre -w 5
ipvsadm -a -t 10.9.0.100:80 -r 10.9.0.18:80 -i --tun-type gre --tun-csum -w 5
ipvsadm -a -t 10.9.0.100:80 -r 192.168.50.20:80 -g -w 65535
ipvsadm -A -t 192.168.50.100:443 -s sh -b sh-fallback,sh-port
ipvsadm -a -t 192.168.50.100:443 -r 192.168.50.21:443 -g
ipvsadm -a -t 192.168.50.100:443 -r 10.9.0.21:443 -g
ipvsadm -A -t 10.9.0.100:0 -s lc -p 3600
ipvsadm -a -t 10.9.0.100:0 -r 10.9.0.22:0 -g
ipvsadm -A -u 10.9.0.100:53 -s rr -o
ipvsadm -a -u 10.9.0.100:53 -r 10.9.0.23:5353 -m -w 2
ipvsadm -A -u 10.9.0.100:5060 -s sh -b sh-port -p 30 --pe sip -o
ipvsadm -a -u 10.9.0.100:5060 -r 10.9.0.24:5060 -m
ipvsadm -A --sctp-service 10.9.0.100:3868 -s wrr
ipvsadm -a --sctp-service 10.9.0.100:3868 -r 10.9.0.25:3868 -m -w 4
ipvsadm -A -t [2001:db8::100]:443 -s mh -b mh-fallback,mh-port -p 600 -M 64
ipvsadm -a -t [2001:db8::100]:443 -r [2001:db8::21]:8443 -m -w 7 -x 50 -y 40
ipvsadm -a -t [2001:db8::100]:443 -r [2001:db8::22]:443 -g -w 3
ipvsadm -a -t [2001:db8::100]:443 -r [2001:db8::23]:443 -i --tun-type gue --tun-port 5555 -w 1
ipvsadm -A -u [2001:db8::100]:53 -s wrr
ipvsadm -a -u [2001:db8::100]:53 -r [2001:db8::24]:53 -g
ipvsadm -A -f 1 -s wlc -p 120
ipvsadm -a -f 1 -r 10.9.0.26:0 -g -w 3
ipvsadm -a -f 1 -r 10.9.0.27:80 -m -w 3
ipvsadm -A -f 2 -6 -s rr
ipvsadm -a -f 2 -6 -r [2001:db8::25]:0 -g
ipvsadm -A -f 4000000000 -s nq
ipvsadm --set 900 120 300
