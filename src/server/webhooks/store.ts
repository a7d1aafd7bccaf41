import type * as PgBoss from "pg-boss";
import type { Db } from "~/server/db";
import { newId } from "~/server/db/ids";
import type { Boss } from "~/server/queue/boss";
import { parseJobPayload } from "~/server/queue/jobs";
import { webhookJobId } from "./queue";

/** A verified Telnyx event, as it is stored. */
export interface NewWebhookEvent {
  provider: string;
  eventId: string;
  eventType: string;
  payload: unknown;
  occurredAt: Date | null;
  receivedAt: Date;
}

/** pg-boss's insert reads its jobs from this parameter (a JSON array as text). */
const JOB_RECORDS = "$1::text::json";

// The event's parameters follow pg-boss's one ($1). Unique on (provider, eventId): a re-delivery
// inserts nothing, and then neither does the job (its records come from this CTE's rows).
const EVENT_INSERT = `
  event AS (
    INSERT INTO "WebhookEvent" ("id", "provider", "eventId", "eventType", "payload", "occurredAt", "receivedAt")
    VALUES ($2, $3, $4, $5, $6::jsonb, $7::timestamptz, $8::timestamptz)
    ON CONFLICT ("provider", "eventId") DO NOTHING
    RETURNING "id"
  )`;

export class UnexpectedJobStatementError extends Error {
  constructor() {
    super(`pg-boss's job insert no longer reads its jobs from ${JOB_RECORDS}; the webhook ingest statement needs updating.`);
    this.name = "UnexpectedJobStatementError";
  }
}

/**
 * pg-boss's own insert for one job, rewritten to run after the event insert in the same statement
 * and to insert only when the event was new. pg-boss builds the statement (queue policy, retry and
 * retention defaults, the NOTIFY that wakes a listening worker) and this only splices in the event:
 * writing the job row by hand would copy pg-boss internals that change between versions. The
 * statement is either a plain INSERT or, on notify-enabled queues, `WITH ins AS (INSERT ...) ...`.
 */
export function eventAndJobStatement(jobStatement: string): string {
  if (jobStatement.split(JOB_RECORDS).length !== 2) throw new UnexpectedJobStatementError();
  const gated = jobStatement.replace(JOB_RECORDS, `(SELECT ${JOB_RECORDS} FROM event)`).trim();
  const leadingWith = /^WITH\s/i;
  if (leadingWith.test(gated)) return gated.replace(leadingWith, `WITH ${EVENT_INSERT},\n`);
  if (!/^INSERT\s/i.test(gated)) throw new UnexpectedJobStatementError();
  return `WITH ${EVENT_INSERT},\n job AS (${gated})\nSELECT id FROM job`;
}

function eventParams(id: string, event: NewWebhookEvent): unknown[] {
  return [id, event.provider, event.eventId, event.eventType, JSON.stringify(event.payload), event.occurredAt?.toISOString() ?? null, event.receivedAt.toISOString()];
}

/**
 * Stores a handled event and queues its `webhooks.process` job in one statement (one round trip,
 * no transaction to hold open): both or neither. pg-boss's `db` option runs its insert through
 * the statement above, on pg-boss's own connection pool. Returns the new row's id, or null when
 * the event was stored before (a re-delivery).
 */
export async function storeEventWithJob(boss: Boss, event: NewWebhookEvent, options: { delaySeconds?: number } = {}): Promise<string | null> {
  const id = newId();
  const pool = boss.getDb();
  let inserted = false;
  const db: PgBoss.Db = {
    async executeSql(text: string, values: unknown[] = []) {
      const result = await pool.executeSql(eventAndJobStatement(text), [...values, ...eventParams(id, event)]);
      inserted = result.rows.length > 0;
      return result;
    },
  };
  await boss.send("webhooks.process", parseJobPayload("webhooks.process", { webhookEventId: id }) as object, {
    id: webhookJobId(id),
    db,
    ...(options.delaySeconds ? { startAfter: options.delaySeconds } : {}),
  });
  // The job's id is derived from the new row's, so a returned job row means the event was new.
  return inserted ? id : null;
}

/** Stores an event no handler takes, as ignored and without a job. Null when stored before. */
export async function storeIgnoredEvent(db: Db, event: NewWebhookEvent): Promise<string | null> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO "WebhookEvent" ("id", "provider", "eventId", "eventType", "payload", "occurredAt", "receivedAt", "status", "processedAt", "error")
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::timestamptz, $7::timestamptz, 'ignored', $7::timestamptz, $8)
     ON CONFLICT ("provider", "eventId") DO NOTHING
     RETURNING "id"`,
    ...eventParams(newId(), event),
    `event type not handled: ${event.eventType}`,
  );
  return rows[0]?.id ?? null;
}
