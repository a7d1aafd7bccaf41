import type { Db } from "~/server/db";
import type { Logger } from "~/server/logger";
import type { Boss } from "~/server/queue/boss";
import type { GreetingVoice } from "~/server/calls/greeting-voice";
import type { TelephonyProvider } from "./provider";

/** What processing a stored webhook needs (tests pass fakes). */
export interface TelephonyDeps {
  db: Db;
  telnyx: TelephonyProvider;
  /** pg-boss sender: jobs a webhook causes are inserted in the transaction that applies it. */
  jobs: () => Promise<Boss>;
  now: () => Date;
  logger: Pick<Logger, "info" | "warn" | "error">;
  /** ElevenLabs audio for spoken prompts; absent: Telnyx speak. */
  voice?: GreetingVoice | null;
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
