import { PgBoss, type SendOptions } from "pg-boss";
import {
  deadLetterQueue,
  jobDefinitions,
  jobNames,
  parseJobPayload,
  schedules,
  type JobName,
  type JobPayload,
  type QueuePolicy,
} from "./jobs";

export type Boss = PgBoss;

export const BOSS_SCHEMA = "pgboss";

/**
 * A running job's worker refreshes its heartbeat every half of this; a job whose heartbeat is
 * older (its worker was killed, lost power or its network) is failed by another worker's
 * supervisor and retried elsewhere, instead of waiting out its expiry (up to 15 minutes).
 */
export const JOB_HEARTBEAT_SECONDS = 20;

/**
 * `worker` runs maintenance and owns the pg-boss schema; `sender` (the web app, scripts,
 * tests) only sends and inspects, so it never races the worker on maintenance.
 */
export function createBoss(connectionString: string, role: "worker" | "sender"): Boss {
  return new PgBoss({
    connectionString,
    schema: BOSS_SCHEMA,
    application_name: `switchboard-${role}`,
    max: role === "worker" ? 4 : 2,
    migrate: true,
    supervise: role === "worker",
    schedule: role === "worker",
    // Workers LISTEN for new jobs on queues with `notify` (see installQueues) and are woken at
    // once; where LISTEN is refused (the embedded database's proxy) pg-boss falls back to polling.
    useListenNotify: role === "worker",
    // How often the supervisor fails jobs whose worker stopped sending heartbeats (see
    // JOB_HEARTBEAT_SECONDS). A pass runs on the supervise timer and fails them only when the
    // monitor interval is also up, so both are 10 s (supervise defaults to 60): a dead worker's
    // jobs are failed within heartbeat + 10 s, and retried within a worker tick of that (see
    // retryHeartbeatLostJobsNow).
    superviseIntervalSeconds: 10,
    monitorIntervalSeconds: 10,
  });
}

/**
 * Creates (or updates) every queue and its dead-letter queue with the registry's policy, and the
 * schedules. Every worker and the migrate step of every host run this, possibly at the same
 * moment: pg-boss 12 creates a queue under its own advisory lock, so they do not collide
 * (install-queues.test.ts; pg-boss 10's DDL deadlocked there).
 */
export async function installQueues(boss: Boss): Promise<void> {
  for (const name of jobNames) {
    const dead = deadLetterQueue(name);
    const policy: QueuePolicy = jobDefinitions[name].policy;
    if (!(await boss.getQueue(dead))) await boss.createQueue(dead, {});
    const options = {
      retryLimit: policy.retryLimit,
      retryDelay: policy.retryDelay,
      retryBackoff: true,
      expireInSeconds: policy.expireInSeconds,
      heartbeatSeconds: policy.heartbeatSeconds ?? JOB_HEARTBEAT_SECONDS,
      deadLetter: dead,
      notify: true,
    };
    if (await boss.getQueue(name)) await boss.updateQueue(name, options);
    else await boss.createQueue(name, { ...options, policy: policy.queuePolicy ?? "standard" });
  }
  for (const [name, cron] of Object.entries(schedules)) await boss.schedule(name, cron, {}, { tz: "UTC" });
}

/** Validates the payload before it is stored: a bad payload never reaches the queue. */
export async function sendJob<N extends JobName>(
  boss: Boss,
  name: N,
  payload: JobPayload<N>,
  options: SendOptions = {},
): Promise<string> {
  const data = parseJobPayload(name, payload);
  const id = await boss.send(name, data as object, options);
  if (!id) throw new Error(`Job ${name} was not queued (throttled or a duplicate singleton).`);
  return id;
}
