import ipaddr from "ipaddr.js";
import { z } from "zod";
import type { Family } from "./enums.ts";

/**
 * An IPv4 address already in canonical dotted-quad form (no leading zeros, octets <= 255): the
 * spelling nearly every address arrives in. One regular expression settles it, where ipaddr.js
 * parses it into octets and back (a 10,000-service revision holds 110,000 addresses, each
 * checked and canonicalised).
 */
const CANONICAL_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Family of a literal IP address, or undefined when it is not one. */
export function familyOf(address: string): Family | undefined {
  if (CANONICAL_IPV4.test(address) || ipaddr.IPv4.isValidFourPartDecimal(address)) return "inet";
  if (!address.includes(":")) return undefined;
  try {
    ipaddr.IPv6.parse(address);
    return "inet6";
  } catch {
    return undefined;
  }
}

/** Canonical text of an address (RFC 5952 for IPv6), so keys compare equal whatever the input spelling. */
export function canonicalAddress(address: string): string {
  if (CANONICAL_IPV4.test(address)) return address;
  const family = familyOf(address);
  if (family === "inet") return ipaddr.IPv4.parse(address).toString();
  if (family === "inet6") return ipaddr.IPv6.parse(address).toRFC5952String();
  return address;
}

export const IpAddress = z
  .string()
  .trim()
  .refine((s) => familyOf(s) !== undefined, { message: "not an IPv4 or IPv6 address" })
  .transform(canonicalAddress);

/** An address with prefix length, e.g. 10.0.2.1/24 (a director's DIP on its private interface). */
export const Cidr = z
  .string()
  .trim()
  .refine(
    (s) => {
      try {
        ipaddr.parseCIDR(s);
        return true;
      } catch {
        return false;
      }
    },
    { message: "not an address/prefix like 10.0.2.1/24" },
  );

/** True when two addresses are in the same prefix of the given CIDR. */
export function inSubnet(address: string, cidr: string): boolean {
  try {
    const ip = ipaddr.parse(address);
    const [net, bits] = ipaddr.parseCIDR(cidr);
    return ip.kind() === net.kind() && ip.match(net, bits);
  } catch {
    return false;
  }
}

/** IPv4 prefix length -> dotted mask (24 -> 255.255.255.0). */
export function prefixToMask(prefix: number): string {
  return ipaddr.IPv4.subnetMaskFromPrefixLength(prefix).toString();
}

/** Dotted IPv4 mask -> prefix length, or undefined when the mask is not contiguous. */
export function maskToPrefix(mask: string): number | undefined {
  try {
    const p = ipaddr.IPv4.parse(mask).prefixLengthFromSubnetMask();
    return p === null ? undefined : p;
  } catch {
    return undefined;
  }
}

/** "10.0.0.1:80" or "[2001:db8::1]:80" as ipvsadm writes it. */
export function formatHostPort(address: string, port: number): string {
  return familyOf(address) === "inet6" ? `[${address}]:${port}` : `${address}:${port}`;
}
