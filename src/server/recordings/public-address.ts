import { BlockList, isIP } from "node:net";

/**
 * Which IP addresses a server-side download may connect to. A recording URL comes from a webhook
 * (and redirects from whoever answers it), so without this check it could make the worker fetch
 * from the cloud metadata service (169.254.169.254), the database or anything else on the
 * private network, and store the answer as a "recording" the user can play back.
 */

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/** Special-purpose ranges (RFC 6890 and successors) that are never a public recording host. */
const notPublic = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network", incl. the unspecified 0.0.0.0
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata services)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, incl. broadcast 255.255.255.255
] as const) {
  notPublic.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["100::", 64], // discard
  ["2001::", 23], // IETF protocol assignments (Teredo, ORCHID, ...)
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
] as const) {
  notPublic.addSubnet(network, prefix, "ipv6");
}

/** The IPv4 address an IPv6 address carries (IPv4-mapped, IPv4-compatible, NAT64, 6to4), if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const words = expandIpv6(lower);
  if (!words) return null;
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  const zeros = (from: number, to: number) => words.slice(from, to).every((word) => word === 0);
  if (zeros(0, 5) && words[5] === 0xffff) return v4(words[6]!, words[7]!); // ::ffff:a.b.c.d
  if (zeros(0, 6) && (words[6] !== 0 || words[7]! > 1)) return v4(words[6]!, words[7]!); // ::a.b.c.d
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return v4(words[6]!, words[7]!); // NAT64
  if (words[0] === 0x2002) return v4(words[1]!, words[2]!); // 6to4
  return null;
}

/** Eight 16-bit words of an IPv6 address in hex notation (no dotted tail), or null. */
function expandIpv6(address: string): number[] | null {
  if (address.includes(".")) return null;
  const [head = "", tail, ...rest] = address.split("::");
  if (rest.length) return null;
  const parse = (part: string) => (part ? part.split(":").map((word) => parseInt(word, 16)) : []);
  const before = parse(head);
  const after = tail === undefined ? [] : parse(tail);
  const missing = 8 - before.length - after.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const words = [...before, ...Array<number>(tail === undefined ? 0 : missing).fill(0), ...after];
  return words.every((word) => Number.isInteger(word) && word >= 0 && word <= 0xffff) ? words : null;
}

function family(address: string): "ipv4" | "ipv6" | null {
  const version = isIP(address);
  return version === 4 ? "ipv4" : version === 6 ? "ipv6" : null;
}

/** Whether `address` (an IP, no brackets) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  const type = family(address);
  if (!type) return false;
  if (notPublic.check(address, type)) return false;
  if (type === "ipv6") {
    const v4 = embeddedIpv4(address);
    if (v4 !== null) return isPublicAddress(v4);
  }
  return true;
}

/** Whether `address` (an IP, no brackets) is a loopback address, IPv4-mapped ones included. */
export function isLoopbackAddress(address: string): boolean {
  const type = family(address);
  if (!type) return false;
  if (loopback.check(address, type)) return true;
  const v4 = type === "ipv6" ? embeddedIpv4(address) : null;
  return v4 !== null && loopback.check(v4, "ipv4");
}

/** Whether a URL's hostname names this machine (localhost or a loopback literal). */
export function isLoopbackHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare.endsWith(".localhost") || isLoopbackAddress(bare);
}
