import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "~/generated/prisma/client";
import { env, requireDatabaseUrl } from "~/env";

export type Db = PrismaClient;

/** The client inside `db.$transaction(async (tx) => …)`: what every in-transaction helper takes. */
export type Tx = Prisma.TransactionClient;

export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}

// One client per process; Next.js dev reloads modules, so keep it on globalThis there.
const globalForDb = globalThis as unknown as { switchboardDb?: Db };

/** The process-wide client, created on first use so that builds never need a database. */
export function getDb(): Db {
  if (!globalForDb.switchboardDb) {
    globalForDb.switchboardDb = createDb(requireDatabaseUrl(), {
      max: env.NODE_ENV === "production" ? 10 : 5,
    });
  }
  return globalForDb.switchboardDb;
}
