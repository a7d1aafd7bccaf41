import { randomBytes } from "node:crypto";

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
