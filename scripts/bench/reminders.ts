/**
 * Reminders benchmark (issue 12): BENCH_REMINDERS_OCCURRENCES (10,000) occurrences across three
 * time zones (New York, Berlin, Tokyo), all due within BENCH_REMINDERS_WINDOW_SECONDS (60) of each
 * other, run by three real worker processes (worker/index.ts, as `npm run worker` starts them)
 * while one worker is SIGKILLed three times during the window (and replaced). A share of them
 * (BENCH_REMINDERS_CALL_SHARE, 0.05) are call reminders, one attempt, that nobody answers: the
 * fake Telnyx places each dial and this process plays the network, ingesting call.initiated and
 * call.hangup (timeout) through the real webhook ingest, so each escalates with a text to its
 * escalation contact. The rest are in-app.
 *
 * Reports dispatch lateness (occurrence started − due; goal p99 ≤ 5 s), dials placed vs expected
 * (0 duplicates, 0 missed: one placed call per call occurrence, whatever the kills), and
 * escalation texts sent vs expected. Runs on the embedded database and, with BENCH_DATABASE_URL,
 * on a fresh database on that server; BENCH_REMINDERS_ENGINES=postgres (or embedded) runs only that
 * one (PGlite runs every statement on one engine thread: 10,000 occurrences take it tens of
 * minutes). Quick run: BENCH_REMINDERS_OCCURRENCES=300 npm run bench -- reminders. BENCH_REMINDERS_KILLS
 * (3) sets how many workers are killed.
 */
import type { ChildProcess } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createDb, type Db } from "../../src/server/db";
import { createBoss } from "../../src/server/queue/boss";
import { scheduleOccurrences } from "../../src/server/reminders/bulk";
import { ingestTelnyxWebhook } from "../../src/server/webhooks/ingest";
import { startFakeTelnyxApi } from "../../src/test/fakes/telnyx-api";
import { CallLeg, generateTelnyxKeyPair, signWebhook, type TelnyxEnvelope } from "../../src/test/fakes/telnyx-webhooks";
import { exited, waitFor } from "../../src/test/wait";
import { spawnWorker } from "../../src/test/worker-fleet";
import { benchDatabases, type BenchDatabase } from "./databases";
import { percentile, round } from "./stats";

const OCCURRENCES = Number(process.env.BENCH_REMINDERS_OCCURRENCES ?? 10_000);
const WINDOW_SECONDS = Number(process.env.BENCH_REMINDERS_WINDOW_SECONDS ?? 60);
const CALL_SHARE = Number(process.env.BENCH_REMINDERS_CALL_SHARE ?? 0.05);
const WORKERS = 3;
const CONCURRENCY = Number(process.env.BENCH_REMINDERS_CONCURRENCY ?? 8);
// The issue asks for 3; BENCH_REMINDERS_KILLS=0 shows how much of the tail the kills make.
const KILLS = Number(process.env.BENCH_REMINDERS_KILLS ?? 3);
const GOAL_P99_SECONDS = 5;
const ZONES = ["America/New_York", "Europe/Berlin", "Asia/Tokyo"] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** "YYYY-MM-DDTHH:MM" of `date` in `zone`: the reminder's DTSTART for a one-time occurrence. */
function wallClock(date: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

async function seed(db: Db, calls: (i: number) => boolean, firstDue: Date) {
  await db.appSettings.upsert({
    where: { id: 1 },
    create: { id: 1, smsPerHour: 10_000, smsPerDay: 10_000, callsPerHour: 10_000, callsPerDay: 10_000 },
    update: { smsPerHour: 10_000, smsPerDay: 10_000, callsPerHour: 10_000, callsPerDay: 10_000 },
  });
  const users = [];
  for (const [z, zone] of ZONES.entries()) {
    const user = await db.user.create({ data: { email: `bench-${z}-${Date.now()}@example.test`, name: `Bench ${z}`, passwordHash: "x", timezone: zone } });
    await db.phoneNumber.create({
      data: { userId: user.id, e164: `+1415555${String(3000 + z)}`, connectionId: "1684641123236054244", messagingProfileId: "40017f8e-49bd-4f16-9e3d-ef103f916228", isDefault: true },
    });
    const person = await db.contact.create({ data: { userId: user.id, firstName: "Pat", lastName: `Zone${z}`, phones: [`+1312555${String(1000 + z)}`] } });
    const helper = await db.contact.create({ data: { userId: user.id, firstName: "Helper", lastName: `Zone${z}`, phones: [`+1312555${String(2000 + z)}`] } });
    users.push({ user, zone, person, helper });
  }
  const targets: { reminderId: string; userId: string; dueAt: Date }[] = [];
  const escalations: { reminderId: string; contactId: string; position: number }[] = [];
  const BATCH = 1000;
  for (let start = 0; start < OCCURRENCES; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(OCCURRENCES, start + BATCH); i++) {
      const owner = users[i % users.length]!;
      // Spread over the window, whole seconds (a one-time reminder's DTSTART is a minute; the occurrence keeps the second).
      const dueAt = new Date(firstDue.getTime() + Math.floor((i / OCCURRENCES) * WINDOW_SECONDS) * 1000);
      const call = calls(i);
      rows.push({
        id: `bench-reminder-${i}`,
        userId: owner.user.id,
        contactId: owner.person.id,
        kind: "medication" as const,
        title: `Bench reminder ${i}`,
        message: "Time for your pills.",
        timeZone: owner.zone,
        startsAtLocal: wallClock(dueAt, owner.zone),
        channels: [call ? ("call" as const) : ("in_app" as const)],
        requireConfirmation: true,
        maxAttempts: 1,
      });
      targets.push({ reminderId: `bench-reminder-${i}`, userId: owner.user.id, dueAt });
      if (call) escalations.push({ reminderId: `bench-reminder-${i}`, contactId: owner.helper.id, position: 0 });
    }
    await db.reminder.createMany({ data: rows });
  }
  await db.reminderEscalation.createMany({ data: escalations });
  return { targets, expectedCalls: escalations.length };
}

export async function benchReminders(): Promise<Record<string, unknown>> {
  const callEvery = CALL_SHARE > 0 ? Math.max(1, Math.round(1 / CALL_SHARE)) : 0;
  const isCall = (i: number) => callEvery > 0 && i % callEvery === 0;
  const engines = process.env.BENCH_REMINDERS_ENGINES?.split(",").map((e) => e.trim());
  const runs: Record<string, unknown>[] = [];
  for (const start of benchDatabases()) {
    const database = await start();
    try {
      if (engines && !engines.includes(database.engine)) continue;
      runs.push(await runOn(database, isCall));
    } finally {
      await database.stop();
    }
  }
  return {
    benchmark: "reminders",
    setup: {
      occurrences: OCCURRENCES,
      zones: ZONES,
      windowSeconds: WINDOW_SECONDS,
      callShare: CALL_SHARE,
      workers: WORKERS,
      workerConcurrency: CONCURRENCY,
      kills: `${KILLS} × SIGKILL of a worker during the window, each replaced`,
      calls: "one attempt, unanswered (hangup on timeout), one escalation contact texted",
    },
    goalP99Seconds: GOAL_P99_SECONDS,
    runs,
  };
}

async function runOn(database: BenchDatabase, isCall: (i: number) => boolean): Promise<Record<string, unknown>> {
  {
    console.error(`  reminders on ${database.engine}: ${OCCURRENCES} occurrences over ${WINDOW_SECONDS} s…`);
    const db = createDb(database.url, { max: 6 });
    const api = await startFakeTelnyxApi();
    const keys = generateTelnyxKeyPair();
    const sender = createBoss(database.url, "sender");
    sender.on("error", () => undefined);
    const dir = mkdtempSync(join(tmpdir(), "switchboard-bench-reminders-"));
    const children: ChildProcess[] = [];
    let output = "";
    const env = {
      TELNYX_API_KEY: api.apiKey,
      TELNYX_API_BASE_URL: api.baseURL,
      RECORDINGS_DIR: dir,
      WORKER_CONCURRENCY: String(CONCURRENCY),
      // BENCH_REMINDERS_LOG_LEVEL=info: the workers' job timings, in BENCH_REMINDERS_LOG_FILE.
      ...(process.env.BENCH_REMINDERS_LOG_LEVEL ? { LOG_LEVEL: process.env.BENCH_REMINDERS_LOG_LEVEL } : {}),
    };
    const logFile = process.env.BENCH_REMINDERS_LOG_FILE;
    const spawn = (tag: string) =>
      children.push(
        spawnWorker(database.url, env, `[${tag}] `, (text) => {
          output = (output + text).slice(-8000);
          if (logFile) appendFileSync(logFile, text);
        }),
      );
    const tail = () => `\n--- worker output ---\n${output.slice(-4000)}`;
    try {
      for (let w = 0; w < WORKERS; w++) spawn(`worker ${w}`);
      await waitFor(async () => (await db.workerHeartbeat.count()) >= WORKERS, { timeoutMs: 240_000, intervalMs: 200, what: () => `worker heartbeats${tail()}` });
      await sender.start();

      // Due after scheduling is done: a lead long enough for the engine at hand (PGlite inserts ~1 row per ms).
      const leadMs = Number(process.env.BENCH_REMINDERS_LEAD_SECONDS ?? 20 + OCCURRENCES / 60) * 1000;
      const firstDue = new Date(Math.ceil((Date.now() + leadMs) / 1000) * 1000);
      const { targets, expectedCalls } = await seed(db, isCall, firstDue);
      const scheduleStarted = Date.now();
      const ids = await scheduleOccurrences({ db, jobs: async () => sender, now: () => new Date() }, targets);
      const scheduleSeconds = (Date.now() - scheduleStarted) / 1000;
      console.error(`    scheduled ${ids.length} occurrences in ${round(scheduleSeconds, 1)} s; first due in ${round((firstDue.getTime() - Date.now()) / 1000, 1)} s`);
      if (Date.now() > firstDue.getTime()) throw new Error("Scheduling took longer than the lead: raise BENCH_REMINDERS_LEAD_SECONDS");

      // The network: each placed dial rings out unanswered (initiated, then hangup on timeout).
      const answered = new Set<string>();
      let networking = true;
      const ingest = async (event: TelnyxEnvelope) => {
        const result = await ingestTelnyxWebhook({ db, jobs: async () => sender, publicKey: keys.publicKeyBase64 }, { ...signWebhook(keys, event), channel: "voice" });
        if (result.status !== 200) throw new Error(`webhook refused: ${result.status}`);
      };
      const network = (async () => {
        while (networking) {
          for (const dial of api.find("/v2/calls")) {
            const body = dial.body as Record<string, unknown>;
            const data = (dial.response as { data?: { call_control_id?: string } } | null)?.data;
            const commandId = String(body.command_id);
            if (dial.status !== 200 || !data?.call_control_id || answered.has(commandId)) continue;
            answered.add(commandId);
            const leg = new CallLeg({ callControlId: data.call_control_id, from: String(body.from), to: String(body.to), direction: "outgoing", clientState: String(body.client_state) });
            const at = new Date();
            await ingest(leg.initiated(at));
            await ingest(leg.hangup(new Date(at.getTime() + 1000), "timeout", "callee"));
          }
          await sleep(200);
        }
      })();

      // Three kills spread over the window, each worker replaced at once (the fleet stays at three).
      const kills: number[] = [];
      for (let k = 1; k <= KILLS; k++) {
        const at = firstDue.getTime() + (k / (KILLS + 1)) * WINDOW_SECONDS * 1000;
        await sleep(Math.max(0, at - Date.now()));
        const victim = children.find((c) => c.exitCode === null && c.signalCode === null)!;
        victim.kill("SIGKILL");
        await exited(victim);
        kills.push(round((Date.now() - firstDue.getTime()) / 1000, 1));
        spawn(`replacement ${k}`);
        console.error(`    killed a worker ${kills.at(-1)} s into the window (${k}/${KILLS})`);
      }

      const finishTimeoutMs = Number(process.env.BENCH_REMINDERS_FINISH_SECONDS ?? 600) * 1000;
      await waitFor(
        async () => {
          const open = await db.reminderOccurrence.count({ where: { id: { in: ids }, state: { in: ["scheduled", "in_progress"] } } });
          const escalated = await db.message.count({ where: { direction: "outbound", body: { startsWith: "Switchboard: the" } } });
          return open === 0 && escalated >= expectedCalls;
        },
        { timeoutMs: finishTimeoutMs, intervalMs: 1000, what: () => `every occurrence finished and escalated${tail()}` },
      ).catch((error: unknown) => console.error(`    ${error instanceof Error ? error.message.slice(0, 500) : String(error)}`));
      const finishedSeconds = (Date.now() - firstDue.getTime()) / 1000;
      networking = false;
      await network;

      const occurrences = await db.reminderOccurrence.findMany({
        where: { id: { in: ids } },
        select: { id: true, dueAt: true, startedAt: true, state: true },
      });
      const lateness = occurrences
        .filter((o) => o.startedAt)
        .map((o) => (o.startedAt!.getTime() - o.dueAt.getTime()) / 1000)
        .sort((a, b) => a - b);
      const states: Record<string, number> = {};
      for (const o of occurrences) states[o.state] = (states[o.state] ?? 0) + 1;

      // One placed call per call occurrence: command_id is reminder:<occurrence>:<attempt>.
      const placedPerOccurrence = new Map<string, number>();
      for (const body of api.placedCalls()) {
        const occurrenceId = String(body.command_id).split(":")[1] ?? "";
        placedPerOccurrence.set(occurrenceId, (placedPerOccurrence.get(occurrenceId) ?? 0) + 1);
      }
      const expectedCallIds = (await db.reminderOccurrence.findMany({
        where: { id: { in: ids }, reminder: { channels: { has: "call" } } },
        select: { id: true },
      })).map((o) => o.id);
      const duplicates = [...placedPerOccurrence.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
      const missedDials = expectedCallIds.filter((id) => !placedPerOccurrence.has(id)).length;
      const dialRequests = api.find("/v2/calls").length;
      const texts = api.find("/v2/messages").map((r) => String((r.body as Record<string, unknown>).text));
      const escalationTexts = texts.filter((t) => t.startsWith("Switchboard: the"));
      const distinctEscalations = new Set(escalationTexts).size;

      return {
        engine: database.engine,
        server: database.server,
        occurrences: ids.length,
        scheduleSeconds: round(scheduleSeconds, 1),
        killsSecondsIntoWindow: kills,
        finishedSecondsAfterFirstDue: round(finishedSeconds, 1),
        states,
        dispatchLatenessSeconds: {
          p50: round(percentile(lateness, 50), 2),
          p90: round(percentile(lateness, 90), 2),
          p95: round(percentile(lateness, 95), 2),
          p99: round(percentile(lateness, 99), 2),
          max: round(lateness.at(-1) ?? 0, 2),
          started: lateness.length,
        },
        goalMet: percentile(lateness, 99) <= GOAL_P99_SECONDS,
        dials: { expected: expectedCalls, placed: api.placedCalls().length, requests: dialRequests, duplicates, missed: missedDials },
        escalations: { expected: expectedCalls, sent: escalationTexts.length, distinct: distinctEscalations },
      };
    } finally {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await Promise.race([Promise.all(children.map(exited)), sleep(15_000)]);
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await Promise.all(children.map(exited));
      await sender.stop({ graceful: false }).catch(() => undefined);
      await api.close();
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchReminders(), null, 2));
}
