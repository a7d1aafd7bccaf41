/** "Ada Lovelace", or "Ada" when there is no last name: a contact's name wherever a person reads it. */
export function contactDisplayName(contact: { firstName?: string | null; lastName?: string | null }): string {
  return [contact.firstName, contact.lastName].filter(Boolean).join(" ");
}
