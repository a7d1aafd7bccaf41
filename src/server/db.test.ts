import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { createDb, type Db } from "./db";

let t: TestDatabase;
let db: Db | undefined;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await db?.$disconnect();
  await t?.stop();
});

describe("createDb", () => {
  it("names its connections after the process, for pg_stat_activity", async () => {
    const before = process.env.SWITCHBOARD_PROCESS;
    process.env.SWITCHBOARD_PROCESS = "worker";
    try {
      db = createDb(t.url, { max: 1 });
      const [row] = await db.$queryRaw<{ name: string }[]>`SELECT current_setting('application_name') AS name`;
      expect(row?.name).toBe("switchboard-worker-prisma");
    } finally {
      if (before === undefined) delete process.env.SWITCHBOARD_PROCESS;
      else process.env.SWITCHBOARD_PROCESS = before;
    }
  });
});
