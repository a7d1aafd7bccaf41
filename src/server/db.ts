import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "~/generated/prisma/client";

export type Db = PrismaClient;

/** The client inside `db.$transaction(async (tx) => …)`: what every in-transaction helper takes. */
export type Tx = Prisma.TransactionClient;

export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString, max: options.max ?? 10, application_name: applicationName() });
  return new PrismaClient({ adapter });
}

/**
 * Names the pool's connections in pg_stat_activity by process (`switchboard-web-prisma`,
 * `switchboard-worker-prisma`), beside pg-boss's `switchboard-worker` / `switchboard-sender`, so
 * an operator sizing max_connections sees which process holds what.
 */
function applicationName(): string {
  return `switchboard-${process.env.SWITCHBOARD_PROCESS ?? "app"}-prisma`;
}
