import { createHash, randomBytes } from "node:crypto";

let counter = randomBytes(2).readUInt16BE(0);

/**
 * A collision-resistant id in the shape of the cuids Prisma generates (25 characters, starting
 * with "c", time-ordered prefix), for rows inserted with set-based SQL instead of the client.
 */
export function newId(): string {
  counter = (counter + 1) % 1_679_616; // 36^4
  const time = Date.now().toString(36).padStart(9, "0").slice(-9);
  const count = counter.toString(36).padStart(4, "0");
  const bytes = randomBytes(8);
  const random = (bytes.readBigUInt64BE(0) % 36n ** 11n).toString(36).padStart(11, "0");
  return `c${time}${count}${random}`;
}

/**
 * A cuid-shaped id derived from `seed`: the same seed always gives the same id, so a row can be
 * named before it is inserted (a call is answered, with its id in Telnyx's client_state, before
 * the transaction that creates its row; see calls/answer-first.ts).
 */
export function idFromSeed(seed: string): string {
  const hash = createHash("sha256").update(seed).digest("hex");
  return `c${(BigInt(`0x${hash.slice(0, 32)}`) % 36n ** 24n).toString(36).padStart(24, "0")}`;
}
