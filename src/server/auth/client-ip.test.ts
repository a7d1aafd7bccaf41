import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addressBucket, clientIp, markPeerHeaderStamped, PEER_HEADER } from "./client-ip";

const stampedBefore = process.env.SWITCHBOARD_PEER_STAMPED;
beforeEach(() => markPeerHeaderStamped());
afterEach(() => {
  if (stampedBefore === undefined) delete process.env.SWITCHBOARD_PEER_STAMPED;
  else process.env.SWITCHBOARD_PEER_STAMPED = stampedBefore;
});

const request = (peer: string | null, forwardedFor?: string) => {
  const headers = new Headers();
  if (peer !== null) headers.set(PEER_HEADER, peer);
  if (forwardedFor !== undefined) headers.set("x-forwarded-for", forwardedFor);
  return headers;
};

describe("clientIp", () => {
  it("is the socket peer with no trusted proxy, whatever X-Forwarded-For says", () => {
    expect(clientIp(request("198.51.100.7", "203.0.113.1"), 0)).toBe("198.51.100.7");
    expect(clientIp(request("198.51.100.7", "203.0.113.2, 10.0.0.1"), 0)).toBe("198.51.100.7");
    expect(clientIp(request("198.51.100.7"), 0)).toBe("198.51.100.7");
  });

  it("behind N trusted proxies, is the Nth address from the right of X-Forwarded-For + peer", () => {
    // client 203.0.113.9 → proxy A (appends 203.0.113.9) → proxy B (appends A = 10.0.0.2) → us (peer B = 10.0.0.3)
    const spoofedThenReal = "6.6.6.6, 203.0.113.9, 10.0.0.2";
    expect(clientIp(request("10.0.0.3", spoofedThenReal), 2)).toBe("203.0.113.9");
    expect(clientIp(request("10.0.0.3", spoofedThenReal), 1)).toBe("10.0.0.2");
    // Fewer entries than hops: the leftmost address there is.
    expect(clientIp(request("10.0.0.3"), 1)).toBe("10.0.0.3");
  });

  it("reads plain header records (next-auth's authorize) and repeated X-Forwarded-For headers", () => {
    expect(clientIp({ [PEER_HEADER]: "10.0.0.3", "x-forwarded-for": ["203.0.113.9", "10.0.0.2"] }, 2)).toBe("203.0.113.9");
  });

  it("writes IPv4 clients of a dual-stack socket as IPv4", () => {
    expect(clientIp(request("::ffff:198.51.100.7"), 0)).toBe("198.51.100.7");
  });

  it("is one shared 'unknown' without a stamped peer, and ignores a peer header nobody stamped", () => {
    expect(clientIp(request(null, "203.0.113.1"), 0)).toBe("unknown");
    expect(clientIp(undefined, 0)).toBe("unknown");
    delete process.env.SWITCHBOARD_PEER_STAMPED;
    expect(clientIp(request("198.51.100.7"), 0)).toBe("unknown");
  });
});

describe("addressBucket", () => {
  it("keeps IPv4 addresses and 'unknown' as they are", () => {
    expect(addressBucket("198.51.100.7")).toBe("198.51.100.7");
    expect(addressBucket("unknown")).toBe("unknown");
  });

  it("counts an IPv6 address by its /64, however it is written", () => {
    expect(addressBucket("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:0db8:0001:0002:ffff:0:0:9")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("2001:db8:1:3::1")).not.toBe(addressBucket("2001:db8:1:2::1"));
  });
});
