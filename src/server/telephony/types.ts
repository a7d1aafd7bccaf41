import type { Db } from "~/server/db";
import type { Logger } from "~/server/logger";
import type { Boss } from "~/server/queue/boss";
import type { TelephonyProvider } from "./provider";

/** What processing a stored webhook needs (tests pass fakes). */
export interface TelephonyDeps {
  db: Db;
  telnyx: TelephonyProvider;
  /** pg-boss sender: jobs a webhook causes are inserted in the transaction that applies it. */
  jobs: () => Promise<Boss>;
  now: () => Date;
  logger: Pick<Logger, "info" | "warn" | "error">;
}

/** `userId`: the owner the event was routed to (stored on the WebhookEvent). */
export type ProcessOutcome = { status: "processed"; userId?: string } | { status: "ignored"; reason: string; userId?: string };

export interface StoredWebhook {
  id: string;
  eventType: string;
  occurredAt: Date | null;
  receivedAt: Date;
  /** `data.payload` of the envelope. */
  payload: unknown;
}
