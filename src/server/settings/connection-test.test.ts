import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Env } from "~/env";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { trpcErrorOf } from "~/test/errors";
import { startFakeAnthropic, type FakeAnthropic } from "~/test/fakes/anthropic";
import { startFakeDeepgram, type FakeDeepgram } from "~/test/fakes/deepgram";
import { startFakeElevenLabs, type FakeElevenLabs } from "~/test/fakes/elevenlabs";
import { header } from "~/test/fakes/provider-server";
import { startFakeS3, type FakeS3 } from "~/test/fakes/s3";
import { startFakeTelnyxApi, type FakeTelnyxApi } from "~/test/fakes/telnyx-api";
import { startFakeVoyage, type FakeVoyage } from "~/test/fakes/voyage";
import { testEnv } from "~/test/services";
import { CONNECTION_TEST_TIMEOUT_MS, type ConnectionProvider } from "./connection-test";

/**
 * Settings → Providers → Test connection, through the tRPC procedure, each provider's real SDK
 * against its HTTP fake (reached through the *_BASE_URL settings, as in production).
 */

let t: TestDatabase;
type User = Awaited<ReturnType<typeof createTestUser>>;
let owner: User;
let member: User;

let telnyx: FakeTelnyxApi;
let deepgram: FakeDeepgram;
let anthropic: FakeAnthropic;
let elevenlabs: FakeElevenLabs;
let voyage: FakeVoyage;
let s3: FakeS3;
/** An address nothing listens on (a server was there and was closed). */
let deadOrigin: string;

/** The variables the caller's container is configured with (the process's environment is left alone). */
let configured: Partial<Env> = {};
function configure(values: Partial<Env>) {
  configured = { ...configured, ...values };
}

function configureFakes() {
  configured = {};
  configure({
    TELNYX_API_KEY: telnyx.apiKey,
    TELNYX_API_BASE_URL: telnyx.baseURL,
    DEEPGRAM_API_KEY: deepgram.apiKey,
    DEEPGRAM_API_BASE_URL: deepgram.baseUrl,
    ANTHROPIC_API_KEY: anthropic.apiKey,
    ANTHROPIC_BASE_URL: anthropic.baseUrl,
    ELEVENLABS_API_KEY: elevenlabs.apiKey,
    ELEVENLABS_API_BASE_URL: elevenlabs.baseUrl,
    VOYAGE_API_KEY: voyage.apiKey,
    VOYAGE_API_BASE_URL: voyage.baseUrl,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    S3_FORCE_PATH_STYLE: true,
  });
}

const KEY_VARIABLE: Record<ConnectionProvider, keyof Env> = {
  telnyx: "TELNYX_API_KEY",
  deepgram: "DEEPGRAM_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
  elevenlabs: "ELEVENLABS_API_KEY",
  voyage: "VOYAGE_API_KEY",
  s3: "S3_ACCESS_KEY_ID",
};
const BASE_URL_VARIABLE: Record<ConnectionProvider, keyof Env> = {
  telnyx: "TELNYX_API_BASE_URL",
  deepgram: "DEEPGRAM_API_BASE_URL",
  anthropic: "ANTHROPIC_BASE_URL",
  elevenlabs: "ELEVENLABS_API_BASE_URL",
  voyage: "VOYAGE_API_BASE_URL",
  s3: "S3_ENDPOINT",
};
const PROVIDERS = Object.keys(KEY_VARIABLE) as ConnectionProvider[];

beforeAll(async () => {
  t = await startTestDatabase();
  owner = await createTestUser(t.db, { role: "owner" });
  member = await createTestUser(t.db);
  [telnyx, deepgram, anthropic, elevenlabs, voyage, s3] = await Promise.all([
    startFakeTelnyxApi(),
    startFakeDeepgram(),
    startFakeAnthropic(),
    startFakeElevenLabs(),
    startFakeVoyage(),
    startFakeS3(),
  ]);
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  deadOrigin = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
});
beforeEach(() => {
  configureFakes();
  telnyx.reset();
  for (const fake of [deepgram, anthropic, elevenlabs, voyage]) fake.reset();
  s3.requests.length = 0;
});
afterAll(async () => {
  await Promise.all([telnyx, deepgram, anthropic, elevenlabs, voyage, s3].map((fake) => fake?.close()));
  await t?.stop();
});

const test = async (provider: ConnectionProvider) => (await callerFor(t.db, owner, { env: configured })).settings.testConnection({ provider });

describe("settings.testConnection", () => {
  it("answers ok for each provider with a good key, after one cheap authenticated read", async () => {
    for (const provider of PROVIDERS) {
      const result = await test(provider);
      expect(result, provider).toMatchObject({ provider, status: "ok" });
    }

    const [numbers] = telnyx.find("/v2/phone_numbers", "GET");
    expect(telnyx.requests).toHaveLength(1);
    expect(numbers!.query["page[size]"]).toBe("1");
    expect(numbers!.headers.authorization).toBe(`Bearer ${telnyx.apiKey}`);

    expect(deepgram.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/projects"]);
    expect(header(deepgram.requests[0]!, "authorization")).toBe(`Token ${deepgram.apiKey}`);

    expect(anthropic.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/models"]);
    expect(anthropic.requests[0]!.query.limit).toBe("1");

    expect(elevenlabs.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/voices/${testEnv.ELEVENLABS_VOICE_ID}`]);
    expect(header(elevenlabs.requests[0]!, "xi-api-key")).toBe(elevenlabs.apiKey);

    expect(voyage.embeddings()).toHaveLength(1);
    expect(voyage.embeddings()[0]!.json).toMatchObject({ model: testEnv.VOYAGE_MODEL });

    expect(s3.requests).toEqual([expect.objectContaining({ operation: "HeadBucket", status: 200 })]);
  });

  it("says the key was rejected when the provider refuses it, without echoing the key", async () => {
    for (const provider of PROVIDERS) {
      const wrongKey = `wrong-${provider}-key-0123456789`;
      configure({ [KEY_VARIABLE[provider]]: wrongKey });
      const result = await test(provider);
      expect(result, provider).toMatchObject({ provider, status: "rejected" });
      expect(result.message, provider).toMatch(/rejected the key/i);
      expect(JSON.stringify(result), provider).not.toContain(wrongKey);
    }
  });

  it("says the provider is unreachable when nothing answers at its base URL", async () => {
    for (const provider of PROVIDERS) {
      configure({ [BASE_URL_VARIABLE[provider]]: provider === "telnyx" ? `${deadOrigin}/v2` : deadOrigin });
      const result = await test(provider);
      expect(result, provider).toMatchObject({ provider, status: "unreachable" });
      expect(JSON.stringify(result), provider).not.toContain(String(configured[KEY_VARIABLE[provider]]));
    }
  });

  it("gives up on a provider that does not answer within the test's short timeout", async () => {
    deepgram.respondNext({ delayMs: CONNECTION_TEST_TIMEOUT_MS + 3_000 });
    const started = Date.now();
    const result = await test("deepgram");
    expect(result).toMatchObject({ provider: "deepgram", status: "unreachable" });
    expect(Date.now() - started).toBeLessThan(CONNECTION_TEST_TIMEOUT_MS + 1_500);
  });

  it("reports other answers as failures with their status (an unknown ElevenLabs voice, a missing bucket)", async () => {
    configure({ ELEVENLABS_VOICE_ID: "no-such-voice", S3_BUCKET: "no-such-bucket" });
    expect(await test("elevenlabs")).toMatchObject({ status: "failed", message: expect.stringContaining("404") });
    expect(await test("s3")).toMatchObject({ status: "failed", message: expect.stringContaining("404") });
  });

  it("makes no request for a provider without a key (or S3 without a bucket)", async () => {
    configure({ DEEPGRAM_API_KEY: undefined, S3_BUCKET: undefined });
    expect(await test("deepgram")).toMatchObject({ status: "not_configured" });
    expect(await test("s3")).toMatchObject({ status: "not_configured" });
    expect(deepgram.requests).toHaveLength(0);
    expect(s3.requests).toHaveLength(0);
  });

  it("is the owner's: keys are instance-wide", async () => {
    const error = await trpcErrorOf((await callerFor(t.db, member, { env: configured })).settings.testConnection({ provider: "telnyx" }));
    expect(error.code).toBe("FORBIDDEN");
    expect(telnyx.requests).toHaveLength(0);
  });
});
