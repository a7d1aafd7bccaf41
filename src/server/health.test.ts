import type { Session } from "next-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveSession } from "~/server/accounts/sessions";
import { createDb } from "~/server/db";
import { createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { createTestServices } from "~/test/services";
import { checkHealth, handleHealthRequest, healthTokenMatches, sharedHealthCheck, type HealthReport } from "./health";
import { recordHeartbeat } from "./queue/heartbeat";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

const worker = { id: "test-worker", pid: 1, hostname: "test", startedAt: new Date() };
/** The check as the route runs it: the container's database, clock and WORKER_STALE_AFTER_SECONDS. */
const health = (now = new Date()) => checkHealth(createTestServices({ db: t.db, env: { WORKER_STALE_AFTER_SECONDS: 60 }, now: () => now }));

describe("health", () => {
  it("names the worker when no worker has ever reported", async () => {
    const report = await health();
    expect(report.status).toBe("unhealthy");
    expect(report.failing).toEqual(["worker"]);
    expect(report.checks.database.ok).toBe(true);
    expect(report.checks.migrations).toMatchObject({ ok: true, pending: [] });
  });

  it("is ok with a fresh heartbeat, and reports queue depth by state", async () => {
    await recordHeartbeat(t.db, worker, new Date());
    const report = await health();
    expect(report).toMatchObject({ status: "ok", failing: [] });
    const welcome = report.checks.queue.queues?.find((q) => q.queue === "notifications.welcome");
    expect(welcome?.counts).toMatchObject({ created: 0, active: 0, failed: 0 });
  });

  it("names the worker when its heartbeat is stale", async () => {
    await recordHeartbeat(t.db, worker, new Date(Date.now() - 5 * 60_000));
    const report = await health();
    expect(report.failing).toEqual(["worker"]);
    expect(report.checks.worker.ageSeconds).toBeGreaterThanOrEqual(300);
    expect(report.checks.worker.error).toMatch(/stale/);
  });

  it("judges the heartbeat's age by WORKER_STALE_AFTER_SECONDS as configured", async () => {
    await recordHeartbeat(t.db, worker, new Date(Date.now() - 5 * 60_000));
    const lenient = await checkHealth(createTestServices({ db: t.db, env: { WORKER_STALE_AFTER_SECONDS: 600 } }));
    expect(lenient).toMatchObject({ status: "ok", failing: [] });
    expect(lenient.checks.worker.ageSeconds).toBeGreaterThanOrEqual(300);
  });

  it("finds an unapplied migration through the app's own database connection", async () => {
    await recordHeartbeat(t.db, worker, new Date());
    const [latest] = await t.db.$queryRaw<{ migration_name: string }[]>`
      SELECT "migration_name" FROM "_prisma_migrations" ORDER BY "migration_name" DESC LIMIT 1`;
    const name = latest!.migration_name;
    await t.db.$executeRaw`UPDATE "_prisma_migrations" SET "rolled_back_at" = now() WHERE "migration_name" = ${name}`;
    try {
      const report = await health();
      expect(report.failing).toEqual(["migrations"]);
      expect(report.checks.migrations).toEqual({ ok: false, pending: [name] });
    } finally {
      await t.db.$executeRaw`UPDATE "_prisma_migrations" SET "rolled_back_at" = NULL WHERE "migration_name" = ${name}`;
    }
    expect((await health()).checks.migrations).toEqual({ ok: true, pending: [] });
  });

  it("names migrations when one is pending", async () => {
    await recordHeartbeat(t.db, worker, new Date());
    const report = await checkHealth({
      ...createTestServices({ db: t.db }),
      pendingMigrations: async () => ["20990101000000_future"],
    });
    expect(report.failing).toEqual(["migrations"]);
  });
});

describe("GET /api/health", () => {
  const token = "monitoring-token-0123456789";
  const get = (headers: Record<string, string> = {}) => new Request("http://localhost/api/health", { headers });
  const sessionOf = (user: { id: string; email: string }): Session => ({
    user: { id: user.id, email: user.email, name: null, sessionVersion: 0, role: "owner" },
    expires: new Date(Date.now() + 3_600_000).toISOString(),
  });
  // The database is unreachable: its error message names the host and port.
  const downDb = createDb("postgresql://switchboard:secret@127.0.0.1:9/switchboard", { max: 1 });
  const downReport = () => checkHealth(createTestServices({ db: downDb }));
  afterAll(async () => {
    await downDb.$disconnect();
  });

  it("tells a stranger only the status and the failing parts' names, never a database error", async () => {
    const response = await handleHealthRequest(get(), { check: downReport, session: async () => null, healthToken: token });
    expect(response.status).toBe(503);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ status: "unhealthy", failing: ["database", "migrations", "worker", "queue"] });
    expect((await downReport()).checks.database.error).toMatch(/127\.0\.0\.1|ECONNREFUSED|reach/i);
  });

  it("answers a stranger 200 with no queue names or migration details when healthy", async () => {
    await recordHeartbeat(t.db, worker, new Date());
    const response = await handleHealthRequest(get(), { check: () => health(), session: async () => null, healthToken: undefined });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", failing: [] });
  });

  it("shows the details to the signed-in owner, not to a member, a disabled owner or a forged role", async () => {
    const owner = await createTestUser(t.db, { email: "health-owner@example.com", role: "owner" });
    const member = await createTestUser(t.db, { email: "health-member@example.com" });
    const asSession = (user: { id: string; email: string }) => async () => resolveSession(t.db, sessionOf(user));
    const detailsFor = async (session: () => Promise<Session | null>) => {
      const body = (await (await handleHealthRequest(get(), { check: downReport, session, healthToken: token })).json()) as Partial<HealthReport>;
      return body.checks !== undefined;
    };

    expect(await detailsFor(asSession(owner))).toBe(true);
    // The token says owner, the account says member: the account wins.
    expect(await detailsFor(asSession(member))).toBe(false);
    await t.db.user.update({ where: { id: owner.id }, data: { disabledAt: new Date() } });
    expect(await detailsFor(asSession(owner))).toBe(false);
    // A session that cannot be checked counts as none.
    expect(await detailsFor(() => Promise.reject(new Error("database down")))).toBe(false);
  });

  it("shows the details with the right HEALTH_TOKEN only", async () => {
    const bodyWith = async (authorization: string, healthToken: string | undefined = token) =>
      (await (await handleHealthRequest(get({ authorization }), { check: downReport, session: async () => null, healthToken })).json()) as Partial<HealthReport>;
    const detailed = await bodyWith(`Bearer ${token}`);
    expect(detailed.checks?.database.error).toBeTruthy();
    expect((await bodyWith(`Bearer ${token}x`)).checks).toBeUndefined();
    expect((await bodyWith(`Basic ${token}`)).checks).toBeUndefined();
    expect((await bodyWith("Bearer anything", undefined)).checks).toBeUndefined();
  });

  it("compares tokens exactly", () => {
    expect(healthTokenMatches(`Bearer ${token}`, token)).toBe(true);
    expect(healthTokenMatches(`bearer ${token} `, token)).toBe(true);
    expect(healthTokenMatches(`Bearer ${token.slice(0, -1)}`, token)).toBe(false);
    expect(healthTokenMatches(null, token)).toBe(false);
    expect(healthTokenMatches("Bearer ", token)).toBe(false);
  });

  it("runs one check for callers within the same moment", async () => {
    let checks = 0;
    let clock = 0;
    const shared = sharedHealthCheck(
      async () => {
        checks++;
        return health();
      },
      2_000,
      () => clock,
    );
    await Promise.all([shared(), shared(), shared()]);
    expect(checks).toBe(1);
    clock = 2_001;
    await shared();
    expect(checks).toBe(2);
  });
});
