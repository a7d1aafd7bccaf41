import { z } from "zod";
import { fieldError } from "~/server/errors";

/**
 * Keyset pagination cursors: a page's last row's sort key (e.g. [createdAt, id]), handed to the
 * client as opaque base64url JSON and checked against the key's shape when it comes back.
 */

/** A timestamp key part; any text `Date` reads is accepted back (JSON wrote it with toISOString). */
export const cursorDate = z.unknown().transform((value, ctx) => {
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: "Not a timestamp." });
    return z.NEVER;
  }
  return date;
});

export interface CursorCodec<Key> {
  encode(key: Key): string;
  /** The key, or a "cursor" field error (BAD_REQUEST) when the text is not a cursor of this shape. */
  decode(cursor: string): Key;
}

/** A codec for one sort key, given its parts in order: `cursorCodec(cursorDate, z.string())`. */
export function cursorCodec<const Parts extends [z.ZodType, ...z.ZodType[]]>(
  ...parts: Parts
): CursorCodec<z.output<z.ZodTuple<Parts, null>>> {
  const key = z.tuple(parts);
  return {
    // Dates serialise through their toJSON (an ISO timestamp).
    encode: (value) => Buffer.from(JSON.stringify(value)).toString("base64url"),
    decode(cursor) {
      let value: unknown;
      try {
        value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
      } catch {
        throw fieldError("cursor", "Invalid cursor.");
      }
      const parsed = key.safeParse(value);
      if (!parsed.success) throw fieldError("cursor", "Invalid cursor.");
      return parsed.data;
    },
  };
}

/** The newest-first key most lists use: [createdAt, id] (ties on the timestamp broken by id). */
export const createdAtCursor = cursorCodec(cursorDate, z.string());

/** The where clause for rows after `key` in (createdAt desc, id desc) order. */
export function olderThan([createdAt, id]: readonly [Date, string]) {
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}
