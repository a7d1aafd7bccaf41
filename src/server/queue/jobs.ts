import { z } from "zod";
import { pipelineWakes } from "~/server/pipeline/table";

/**
 * Every background job: its name, payload schema and queue policy. Shared by the web app
 * (which sends) and the worker (which receives), so both validate against one definition.
 */
export interface QueuePolicy {
  /** Attempts after the first one before the job is dead-lettered. */
  retryLimit: number;
  /** Seconds before the first retry; doubled on each further retry (retryBackoff). */
  retryDelay: number;
  /** A job still running after this many seconds is failed and retried. */
  expireInSeconds: number;
  /** How often an idle worker asks for new jobs; defaults to the worker's setting. */
  pollingIntervalSeconds?: number;
  /**
   * Jobs a worker slot takes in one fetch and runs side by side (default 1), each settled on its
   * own: for queues whose jobs are short and come in bursts, where fetching and settling one job
   * at a time costs as much as the job (see worker.ts).
   */
  batchSize?: number;
  /**
   * Seconds without a job heartbeat before a running job counts as lost (its worker died) and is
   * retried; default JOB_HEARTBEAT_SECONDS, pg-boss's minimum is 10.
   */
  heartbeatSeconds?: number;
  /**
   * pg-boss's queue policy, fixed when the queue is created (default "standard"). "stately": at
   * most one job per singletonKey waiting and one running, so a burst of sends for one key
   * coalesces into the job already waiting (pg-boss answers the extra sends with no id).
   */
  queuePolicy?: "standard" | "stately";
}


export const defaultPolicy: QueuePolicy = { retryLimit: 4, retryDelay: 5, expireInSeconds: 15 * 60 };

const callPayload = z.object({ callId: z.string().min(1), userId: z.string().min(1) });

export const jobDefinitions = {
  "notifications.welcome": {
    payload: z.object({ userId: z.string().min(1) }),
    policy: { ...defaultPolicy, retryLimit: 3 },
  },
  /** Applies one stored provider webhook (WebhookEvent) to calls and messages; idempotent. */
  "webhooks.process": {
    payload: z.object({ webhookEventId: z.string().min(1) }),
    // Calls are live: retry quickly (2, 4, 8, ... s), then dead-letter (the event is marked failed).
    // Polled every 0.5 s (pg-boss's minimum) so a call shows up about a second after its webhook.
    policy: { retryLimit: 6, retryDelay: 2, expireInSeconds: 120, pollingIntervalSeconds: 0.5 },
  },
  // The recording pipeline (docs/flows.md#the-recording-pipeline): each stage is its own queue, idempotent, and sends
  // the next stage when it is done. Polled every second: a stage is a few seconds of provider
  // time, so waiting the default 2 s between stages would be most of a call's processing time.
  /** Copies a call's recording from Telnyx into storage. */
  "recording.fetch": {
    payload: callPayload,
    policy: { retryLimit: 6, retryDelay: 30, expireInSeconds: 15 * 60, pollingIntervalSeconds: 1 },
  },
  /** Deepgram pre-recorded transcription, diarized. */
  "call.transcribe": {
    payload: callPayload,
    policy: { retryLimit: 5, retryDelay: 30, expireInSeconds: 15 * 60, pollingIntervalSeconds: 1 },
  },
  /** Summary, sentiment, action items (as tasks) and topics: Claude, or the local analyser. */
  "call.analyze": {
    payload: callPayload,
    policy: { retryLimit: 5, retryDelay: 20, expireInSeconds: 15 * 60, pollingIntervalSeconds: 1 },
  },
  /** Transcript + summary embedding for semantic search: Voyage, or the local embedder. */
  "call.embed": {
    payload: callPayload,
    policy: { retryLimit: 5, retryDelay: 10, expireInSeconds: 5 * 60, pollingIntervalSeconds: 1 },
  },
  /** Hourly (see `schedules`): recomputes relationship scores that have aged (recency decays). */
  "contacts.rescore-stale": {
    payload: z.object({}),
    policy: { retryLimit: 2, retryDelay: 60, expireInSeconds: 30 * 60 },
  },
  /** Recomputes a contact's relationship score after a call or message changed it. */
  "contact.rescore": {
    payload: z.object({ userId: z.string().min(1), contactId: z.string().min(1) }),
    policy: { retryLimit: 3, retryDelay: 10, expireInSeconds: 2 * 60, pollingIntervalSeconds: 1 },
  },
  /**
   * A reminder occurrence is due: sent with the occurrence row (outbox), keyed by (reminder, due
   * time), starting at its due time. Runs the occurrence's first attempt and schedules the next
   * occurrence in one transaction. Polled every second: lateness is the product here.
   */
  "reminders.due": {
    payload: z.object({ occurrenceId: z.string().min(1) }),
    policy: { retryLimit: 5, retryDelay: 5, expireInSeconds: 5 * 60, pollingIntervalSeconds: 1, batchSize: 10, heartbeatSeconds: 10 },
  },
  /** One attempt of an occurrence: place the call, send the text or create the in-app notice. */
  "reminders.attempt": {
    payload: z.object({ attemptId: z.string().min(1) }),
    policy: { retryLimit: 5, retryDelay: 10, expireInSeconds: 5 * 60, pollingIntervalSeconds: 1 },
  },
  /**
   * Every 10 minutes (see `schedules`): re-queues the due job of any occurrence still `scheduled`
   * well past its time, whose job was lost (deleted by retention while every worker was down for
   * weeks, or purged by hand). The due job's state check makes a duplicate harmless.
   */
  "reminders.sweep": {
    payload: z.object({}),
    policy: { retryLimit: 2, retryDelay: 60, expireInSeconds: 10 * 60 },
  },
  /** Texts an escalated occurrence's escalation contacts (sent with the escalation, once per occurrence). */
  "reminders.escalate": {
    payload: z.object({ occurrenceId: z.string().min(1) }),
    policy: { retryLimit: 5, retryDelay: 10, expireInSeconds: 5 * 60, pollingIntervalSeconds: 1 },
  },
  /**
   * Embeds one user's rows whose text has no vector yet (src/server/search/embeddings), for up to
   * half a minute, then sends itself again if rows remain. Sent with singletonKey = userId on a
   * stately queue: one waiting and one running per user, however many sends (sweep, rebuild).
   */
  "search.embed": {
    payload: z.object({ userId: z.string().min(1) }),
    policy: { retryLimit: 4, retryDelay: 30, expireInSeconds: 5 * 60, pollingIntervalSeconds: 1, queuePolicy: "stately" },
  },
  /** Every minute (see `schedules`): sends search.embed for each user with rows needing a vector. */
  "search.sweep": {
    payload: z.object({}),
    policy: { retryLimit: 1, retryDelay: 30, expireInSeconds: 2 * 60 },
  },
} satisfies Record<string, { payload: z.ZodType; policy: QueuePolicy }>;

export type JobName = keyof typeof jobDefinitions;
export type JobPayload<N extends JobName> = z.infer<(typeof jobDefinitions)[N]["payload"]>;

export const jobNames = Object.keys(jobDefinitions) as JobName[];

/**
 * The queues a job usually sends work to. When such a job completes, the worker wakes one of its
 * own workers of each, so a chain of jobs (the recording pipeline) moves on at once instead of
 * waiting out a polling interval at every step. A pipeline stage wakes its next stage (from the
 * pipeline's table); these are the other hand-offs.
 */
const otherWakes: Partial<Record<JobName, readonly JobName[]>> = {
  "webhooks.process": ["recording.fetch"],
  "call.analyze": ["contact.rescore"],
  "search.sweep": ["search.embed"],
};

const wakes = new Map(
  jobNames.map((name) => [name, [...(pipelineWakes[name] ?? []), ...(otherWakes[name] ?? [])]] as const),
);

export function wakesAfter(name: JobName): readonly JobName[] {
  return wakes.get(name) ?? [];
}

/** Jobs pg-boss sends on a cron schedule (UTC), installed with the queues. */
export const schedules: Partial<Record<JobName, string>> = {
  "contacts.rescore-stale": "17 * * * *",
  "reminders.sweep": "*/10 * * * *",
  "search.sweep": "* * * * *",
};

/** Where a job goes after its last failed attempt. */
export function deadLetterQueue(name: JobName): string {
  return `${name}.dead`;
}

export class InvalidJobPayloadError extends Error {
  constructor(
    public readonly job: string,
    public readonly issues: z.core.$ZodIssue[],
  ) {
    super(
      `Invalid payload for job ${job}: ` +
        issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; "),
    );
    this.name = "InvalidJobPayloadError";
  }
}

export function parseJobPayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  const result = jobDefinitions[name].payload.safeParse(data);
  if (!result.success) throw new InvalidJobPayloadError(name, result.error.issues);
  return result.data as JobPayload<N>;
}
