import type { CountryCode } from "libphonenumber-js";
import { contactDisplayName } from "~/lib/contact-name";
import type { Db, Tx } from "~/server/db";
import { formatPhone } from "~/lib/format";
import { toE164 } from "~/server/contacts/normalize";
import { keepInTouchAfterContact, type TouchDeps } from "~/server/reminders/keep-in-touch";

/**
 * The other party of a call or text, shared by calls and messages: their number normalised and
 * displayed, their name, and the contact's last-contacted date kept up.
 */

/** E.164 when the text is a phone number, else the trimmed text (SIP URIs, short codes). */
export function normalizeNumber(raw: string | null | undefined, region: CountryCode): string {
  const text = (raw ?? "").trim();
  return (text && toE164(text, region)) || text;
}

/** The number as the user reads it (national in their region): the UI's own formatPhone. */
export function displayNumber(number: string, region: CountryCode): string {
  return formatPhone(number, region);
}

export function contactName(contact: { firstName: string; lastName: string | null } | null | undefined): string | null {
  if (!contact) return null;
  return contactDisplayName(contact).trim() || null;
}

/**
 * lastContactedAt only moves forward: the max of every call and message. When it moves, the
 * contact's keep-in-touch reminder is moved in the same transaction (so it fires only when you
 * really drifted); the job queue is only reached when they have one.
 */
export async function touchContact(deps: TouchDeps, client: Tx | Db, userId: string, contactId: string | null, at: Date): Promise<void> {
  if (!contactId) return;
  const touch = async (tx: Tx | Db) => {
    const moved = await tx.contact.updateMany({
      where: { id: contactId, userId, OR: [{ lastContactedAt: null }, { lastContactedAt: { lt: at } }] },
      data: { lastContactedAt: at },
    });
    return moved.count > 0;
  };
  if (!("$transaction" in client)) {
    if (await touch(client)) await keepInTouchAfterContact(deps, client, userId, contactId, deps.now?.() ?? new Date());
    return;
  }
  // Outside a transaction (a text just sent): a transaction only when there is a reminder to move,
  // so the common case stays one statement.
  const kept = await client.reminder.count({ where: { userId, contactId, kind: "keep_in_touch", pausedAt: null } });
  if (kept === 0) {
    await touch(client);
    return;
  }
  await client.$transaction(async (tx) => {
    if (await touch(tx)) await keepInTouchAfterContact(deps, tx, userId, contactId, deps.now?.() ?? new Date());
  });
}
