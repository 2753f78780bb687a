/** A oneshot systemd unit: start at boot after the network, stop (undo) at shutdown. */
export function renderRealServerUnit(clusterName: string, scriptPath: string): string {
  return [
    "[Unit]",
    `Description=Shoal LVS real-server setup for cluster ${clusterName} (VIPs, ARP and rp_filter sysctls)`,
    "Wants=network-online.target",
    "After=network-online.target",
    "",
    "[Service]",
    "Type=oneshot",
    "RemainAfterExit=yes",
    `ExecStart=${scriptPath} start`,
    `ExecStop=${scriptPath} stop`,
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}
