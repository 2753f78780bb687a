/**
 * Hand-written examples of what the kernel and ipvsadm print, for the ipvsadm-family parsers
 * that have no renderer to produce seeds from.
 */
export const IPVSADM_SAMPLES = [
  `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.0.2.100:80 wlc persistent 300 mask 255.255.255.0
  -> 10.0.2.21:8080               Masq    1      3          10
  -> 10.0.2.22:8080               Masq    1      0          0
UDP  [2001:db8::100]:53 rr ops
  -> [2001:db8:1::21]:53          Route   1      0          12
FWM  7 sh sh-fallback,sh-port
  -> 192.0.2.21:0                 Tunnel  2      1          0
`,
  `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port Forward Weight ActiveConn InActConn
TCP  C0000264:0050 wlc persistent 300 FFFFFF00
  -> 0A000215:1F90      Masq    1      3          10
UDP  [2001:0db8:0000:0000:0000:0000:0000:0100]:0035 rr
  -> [2001:0db8:0001:0000:0000:0000:0000:0021]:0035      Route   1      0          12
FWM  00000007 sh
  -> C0000215:0000      Tunnel  2      1          0
`,
  `   Total Incoming Outgoing         Incoming         Outgoing
   Conns  Packets  Packets            Bytes            Bytes
     1D1     6A2B        0           4A1C2D                0

 Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s
       0        3        0              1F4                0
`,
  `IPVS connection entries
pro expire state       source             virtual            destination
TCP 14:57  ESTABLISHED 198.51.100.7:51234 192.0.2.100:80     10.0.2.21:8080
UDP 04:59  UDP         [2001:db8::7]:5353 [2001:db8::100]:53 [2001:db8:1::21]:53
TCP 01:02  FIN_WAIT    198.51.100.8:40000 192.0.2.100:80     10.0.2.22:8080
`,
  `-A -t 192.0.2.100:80 -s wlc -p 300 -M 255.255.255.0
-a -t 192.0.2.100:80 -r 10.0.2.21:8080 -m -w 1
-A -u [2001:db8::100]:53 -s rr -o
-a -u [2001:db8::100]:53 -r [2001:db8:1::21]:53 -g -w 1 -x 100 -y 50
-A -f 7 -s sh -b sh-fallback,sh-port
-a -f 7 -r 192.0.2.21:0 -i -w 2 --tun-type gue --tun-port 6080
`,
];
