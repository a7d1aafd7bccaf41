import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "~/env";
import { logger } from "~/server/logger";
import { providersFromEnv } from "~/server/providers";
import { pipeline } from "~/server/pipeline/table";
import { jobDefinitions } from "~/server/queue/jobs";
import { startWorker, type RunningWorker } from "~/server/queue/worker";
import { configFromEnv } from "~/server/services";
import { createLocalStorage, type RecordingStorage } from "~/server/storage";
import { createHandlers, onDeadLetter } from "../../worker/jobs";
import type { TestDatabase } from "./database";
import { startFakeAnthropic, type FakeAnthropic } from "./fakes/anthropic";
import { startFakeDeepgram, type FakeDeepgram } from "./fakes/deepgram";
import { startRecordingHost, type RecordingHost } from "./fakes/recording-host";
import { startFakeVoyage, type FakeVoyage } from "./fakes/voyage";
import { createTestServices, testEnv } from "./services";
import { startTelephonyHarness, type TelephonyHarness } from "./telephony";

/** Which providers are "configured" (their key set, pointing at the fake); the rest are local/off. */
export interface ProviderSelection {
  deepgram?: boolean;
  anthropic?: boolean;
  voyage?: boolean;
  /** Per-request timeout for every provider (short: timeout tests). */
  timeoutMs?: number;
}

export interface PipelineHarness {
  telephony: TelephonyHarness;
  deepgram: FakeDeepgram;
  anthropic: FakeAnthropic;
  voyage: FakeVoyage;
  host: RecordingHost;
  storage: RecordingStorage;
  worker: RunningWorker;
  /** Switches providers for jobs that start from now on. */
  configure(selection: ProviderSelection): void;
  stop(): Promise<void>;
}

/**
 * The whole recording pipeline on a test database: signed webhooks in (the telephony harness),
 * a real worker with the production handlers on the test container: providers built by the
 * production factory from an environment that points at local fakes, the fake-backed Telnyx
 * client, local storage in a temp dir. Retries are quick
 * (1 s, no backoff, 2 retries) so retry and dead-letter paths finish within a test.
 */
export async function startPipelineHarness(t: TestDatabase): Promise<PipelineHarness> {
  const [telephony, deepgram, anthropic, voyage, host] = await Promise.all([
    startTelephonyHarness(t),
    startFakeDeepgram(),
    startFakeAnthropic(),
    startFakeVoyage(),
    startRecordingHost(),
  ]);
  const dir = mkdtempSync(join(tmpdir(), "switchboard-recordings-"));
  const storage = createLocalStorage(dir);
  const services = createTestServices({ db: t.db, telephony: telephony.telnyx, jobs: async () => telephony.sender, storage });
  const configure = (selection: ProviderSelection) => {
    const env = parseEnv({
      ...(selection.deepgram ? { DEEPGRAM_API_KEY: deepgram.apiKey, DEEPGRAM_API_BASE_URL: deepgram.baseUrl } : {}),
      ...(selection.anthropic ? { ANTHROPIC_API_KEY: anthropic.apiKey, ANTHROPIC_BASE_URL: anthropic.baseUrl } : {}),
      ...(selection.voyage ? { VOYAGE_API_KEY: voyage.apiKey, VOYAGE_API_BASE_URL: voyage.baseUrl } : {}),
    });
    const timeout = selection.timeoutMs ?? 10_000;
    // The handlers read these per job: jobs that start from now on use the new selection.
    services.providers = providersFromEnv(env, { timeouts: { deepgram: timeout, anthropic: timeout, voyage: timeout, elevenlabs: timeout } });
    services.config = {
      ...configFromEnv(testEnv),
      // Telnyx is the fake on 127.0.0.1, which is what lets downloads reach the loopback recording host.
      download: { telnyxApiKey: undefined, telnyxApiBaseUrl: telephony.api.baseURL, timeoutMs: timeout, maxBytes: 50 * 1024 * 1024 },
    };
  };
  configure({ deepgram: true, anthropic: true, voyage: true });

  const worker = await startWorker({
    connectionString: t.url,
    db: t.db,
    logger,
    concurrency: 2,
    pollingIntervalSeconds: 0.5,
    heartbeatSeconds: 60,
    handlers: createHandlers(services),
    onDeadLetter,
  });
  for (const name of [...pipeline.map((entry) => entry.job), "contact.rescore"] as const) {
    await worker.boss.updateQueue(name, {
      retryLimit: 2,
      retryDelay: 1,
      retryBackoff: false,
      expireInSeconds: jobDefinitions[name].policy.expireInSeconds,
      deadLetter: `${name}.dead`,
    });
  }

  return {
    telephony,
    deepgram,
    anthropic,
    voyage,
    host,
    storage,
    worker,
    configure,
    async stop() {
      await worker.stop(5_000);
      await Promise.all([telephony.stop(), deepgram.close(), anthropic.close(), voyage.close(), host.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
