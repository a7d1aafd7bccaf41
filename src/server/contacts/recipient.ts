import type { CountryCode } from "libphonenumber-js";
import type { Db } from "~/server/db";
import { fieldError, notFound } from "~/server/errors";
import { findContactByE164 } from "~/server/contacts/phone";
import { regionOf, toE164 } from "~/server/contacts/normalize";

export interface Recipient {
  e164: string;
  contact: { id: string; firstName: string; lastName: string | null } | null;
  region: CountryCode;
}

/**
 * Whom a call or text goes to: a contact (at `number` if given, which must be theirs; else their
 * first number) or a number (matched to a contact when one has it). `field` names the input field
 * errors are shown on.
 */
export async function resolveRecipient(
  db: Db,
  userId: string,
  input: { contactId?: string | undefined; number?: string | undefined },
  field: string,
): Promise<Recipient> {
  const region = await regionOf(db, userId);
  const parse = (text: string) => {
    const e164 = toE164(text, region);
    if (!e164) throw fieldError(field, `"${text.slice(0, 60)}" is not a phone number we can read.`);
    return e164;
  };
  if (input.contactId) {
    const contact = await db.contact.findFirst({
      where: { id: input.contactId, userId },
      select: { id: true, firstName: true, lastName: true, phones: true },
    });
    if (!contact) throw notFound("Contact");
    const { phones, ...brief } = contact;
    if (input.number) {
      const e164 = parse(input.number);
      if (!phones.includes(e164)) throw fieldError(field, "That number is not one of this contact's numbers.");
      return { e164, contact: brief, region };
    }
    const first = phones[0];
    if (!first) throw fieldError(field, "This contact has no phone number.");
    return { e164: first, contact: brief, region };
  }
  if (!input.number) throw fieldError(field, "Choose a contact or enter a number.");
  const e164 = parse(input.number);
  const contact = await findContactByE164(db, userId, e164);
  return { e164, contact: contact ? { id: contact.id, firstName: contact.firstName, lastName: contact.lastName } : null, region };
}
