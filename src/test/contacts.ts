import type { Db } from "~/server/db";

/** A contact of the user's, "Ada Lovelace" unless named otherwise. */
export function createTestContact(db: Db, userId: string, firstName = "Ada", lastName: string | null = "Lovelace") {
  return db.contact.create({ data: { userId, firstName, lastName } });
}

/** Everything a user owns that a contacts call could write, for "nothing written" checks. */
export async function contactsSnapshot(db: Db) {
  const [contacts, rows] = await Promise.all([
    db.contact.count(),
    db.$queryRaw<{ m: Date | null }[]>`SELECT max("updatedAt") AS m FROM "Contact"`,
  ]);
  return { contacts, lastUpdate: rows[0]?.m?.getTime() ?? null };
}
