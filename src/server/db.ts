import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "~/generated/prisma/client";

export type Db = PrismaClient;

/** The client inside `db.$transaction(async (tx) => …)`: what every in-transaction helper takes. */
export type Tx = Prisma.TransactionClient;

export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}
