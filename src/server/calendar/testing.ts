import type { Db } from "~/server/db";

export function createTestContact(db: Db, userId: string, firstName = "Ada", lastName: string | null = "Lovelace") {
  return db.contact.create({ data: { userId, firstName, lastName } });
}
