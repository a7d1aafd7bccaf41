import { isIPv4, isIPv6 } from "node:net";
import { logger } from "~/server/logger";

/**
 * The request's socket address, as stamped by Switchboard's web server (server/web.ts), which
 * deletes any copy a client sent and sets it on every request. Next's own server only fills
 * X-Forwarded-For when the client has not (`??=`), so route handlers cannot otherwise tell a
 * client-chosen address from the real one.
 */
export const PEER_HEADER = "x-switchboard-peer";

/**
 * Set in the environment by the web server before Next starts. Under a plain `next start` nobody
 * overwrites PEER_HEADER, so a client could choose it: then it is not believed either.
 */
const PEER_STAMPED_ENV = "SWITCHBOARD_PEER_STAMPED";

export function markPeerHeaderStamped(): void {
  process.env[PEER_STAMPED_ENV] = "1";
}

const peerHeaderStamped = () => process.env[PEER_STAMPED_ENV] === "1";

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined;

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) is 192.0.2.1. */
function normalize(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed.toLowerCase();
}

let warnedUnstamped = false;

/**
 * The client's address. With no trusted proxy (TRUSTED_PROXY_HOPS=0) it is the socket peer and
 * X-Forwarded-For is ignored: anyone can write that header. Behind N reverse proxies, each of
 * which appends the address it received from, the client is the Nth address from the right of
 * [...X-Forwarded-For, peer]; entries further left were written by the client and are not
 * believed. "unknown" when the web server did not stamp the peer: every such request then
 * shares one budget, which errs on the side of limiting.
 */
export function clientIp(headers: HeaderSource, trustedHops: number): string {
  const peer = peerHeaderStamped() ? readHeader(headers, PEER_HEADER)?.trim() : undefined;
  if (!peer) {
    // Once per process (tests log nothing: their logger is silent unless LOG_LEVEL is set).
    if (!warnedUnstamped && headers) {
      warnedUnstamped = true;
      logger.warn(
        "requests carry no socket address: start the web app with `npm start` (server/web.ts), not `next start`; until then all clients share one rate-limit budget",
      );
    }
    return "unknown";
  }
  if (trustedHops === 0) return normalize(peer);
  const forwarded = (readHeader(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  // A request that reached us through fewer proxies than configured has no entry that far
  // left; its leftmost address is then the best there is.
  return normalize(chain[chain.length - 1 - trustedHops] ?? chain[0]!);
}

/**
 * The unit a per-address budget counts: the address itself for IPv4, its /64 network for IPv6,
 * because one IPv6 subscriber is usually handed a whole /64 and could otherwise take a fresh
 * address (and a fresh budget) for every attempt.
 */
export function addressBucket(ip: string): string {
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  const [head = "", tail = ""] = ip.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = ip.includes("::") ? [...headGroups, ...Array<string>(Math.max(missing, 0)).fill("0"), ...tailGroups] : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
