import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv, type Env } from "~/env";
import type { Db } from "~/server/db";
import { createServices, type Services } from "~/server/services";
import { createLocalStorage } from "~/server/storage";
import { createLocalTelephony } from "~/server/telephony/provider";

/**
 * The environment tests build their container from: no provider keys (the local analyser and
 * embedder, no transcriber or speech, Telnyx "not sent"), whatever the developer's shell has, and
 * the vitest signing secret so playback links are minted and checked as in production.
 */
export const testEnv = parseEnv({ NODE_ENV: "test", NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET });

/**
 * The production container (`createServices`) around a test database, with test defaults: no job
 * queue (sending a job fails the test), the local telephony, no greeting voice, recordings in a
 * temp folder. `parts` replaces any piece: a fake-backed Telnyx client, providers pointed at
 * fakes, a pg-boss sender, a fixed clock. `env` sets variables over testEnv for this container only
 * (its config, and the providers when not given), e.g. `{ SIGNUP_MODE: "open" }`: no test changes
 * the process's environment.
 */
export function createTestServices(parts: Partial<Services> & { db: Db; env?: Partial<Env> }): Services {
  const { env, ...given } = parts;
  return createServices(env ? { ...testEnv, ...env } : testEnv, {
    jobs: () => Promise.reject(new Error("no job queue in this test")),
    telephony: createLocalTelephony(),
    storage: createLocalStorage(join(tmpdir(), `switchboard-test-recordings-${process.pid}`)),
    voice: null,
    ...given,
  });
}
