import { createGreetingVoice, type GreetingVoice } from "~/server/calls/greeting-voice";
import { logger as rootLogger } from "~/server/logger";
import { getProviders } from "~/server/providers";
import { getJobSender } from "~/server/queue/sender";
import type { Boss } from "~/server/queue/boss";
import type { JobHandler } from "~/server/queue/worker";
import { getStorage } from "~/server/storage";
import { processWebhookEvent } from "~/server/webhooks/process";
import { getTelephony, type TelephonyProvider } from "~/server/telephony/provider";

export interface WebhooksProcessDeps {
  telnyx: () => TelephonyProvider;
  jobs: () => Promise<Boss>;
  /** ElevenLabs greetings; null or absent: Telnyx speak. */
  voice?: () => GreetingVoice | null;
  now?: () => Date;
}

export function createWebhooksProcess(deps: WebhooksProcessDeps): JobHandler<"webhooks.process"> {
  return async ({ webhookEventId }, { db, logger }) => {
    await processWebhookEvent(
      { db, logger, telnyx: deps.telnyx(), jobs: deps.jobs, voice: deps.voice?.() ?? null, now: deps.now ?? (() => new Date()) },
      webhookEventId,
    );
  };
}

let voice: GreetingVoice | null | undefined;

/** The greeting voice from the environment: ElevenLabs when ELEVENLABS_API_KEY is set. */
function voiceFromEnv(): GreetingVoice | null {
  if (voice === undefined) {
    const speech = getProviders().speech;
    voice = speech ? createGreetingVoice({ speech, storage: getStorage(), logger: rootLogger }) : null;
  }
  return voice;
}

export const webhooksProcess = createWebhooksProcess({ telnyx: getTelephony, jobs: getJobSender, voice: voiceFromEnv });
