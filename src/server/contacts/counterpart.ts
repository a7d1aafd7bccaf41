import type { CountryCode } from "libphonenumber-js";
import { contactDisplayName } from "~/lib/contact-name";
import type { Db } from "~/server/db";
import { formatPhone } from "~/lib/format";
import { toE164 } from "~/server/contacts/normalize";

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

/** lastContactedAt only moves forward: the max of every call and message. */
export async function touchContact(db: Pick<Db, "contact">, userId: string, contactId: string | null, at: Date): Promise<void> {
  if (!contactId) return;
  await db.contact.updateMany({
    where: { id: contactId, userId, OR: [{ lastContactedAt: null }, { lastContactedAt: { lt: at } }] },
    data: { lastContactedAt: at },
  });
}
