import { describe, expect, it } from "vitest";
import { EnvError, liveProviders, parseEnv } from "./env";

describe("env", () => {
  it("defaults everything for a bare environment and selects local providers", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.EMBEDDED_DB_DIR).toBe(".data/pglite");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(liveProviders(env)).toEqual({
      telnyx: false,
      deepgram: false,
      anthropic: false,
      elevenlabs: false,
      voyage: false,
    });
  });

  it("treats empty strings as unset (as .env.example leaves them)", () => {
    const env = parseEnv({ TELNYX_API_KEY: "", DATABASE_URL: "", VOYAGE_API_BASE_URL: "" });
    expect(env.TELNYX_API_KEY).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
    expect(liveProviders(env).telnyx).toBe(false);
  });

  it("takes an IP address or localhost to listen on, and every interface when unset", () => {
    expect(parseEnv({}).LISTEN_ADDRESS).toBeUndefined();
    expect(parseEnv({ LISTEN_ADDRESS: "" }).LISTEN_ADDRESS).toBeUndefined();
    expect(parseEnv({ LISTEN_ADDRESS: "127.0.0.1" }).LISTEN_ADDRESS).toBe("127.0.0.1");
    expect(parseEnv({ LISTEN_ADDRESS: "::1" }).LISTEN_ADDRESS).toBe("::1");
    expect(parseEnv({ LISTEN_ADDRESS: "localhost" }).LISTEN_ADDRESS).toBe("localhost");
  });

  it("marks a provider live when its key is set", () => {
    expect(liveProviders(parseEnv({ DEEPGRAM_API_KEY: "dg-key" })).deepgram).toBe(true);
  });

  it.each([
    ["PORT", "not-a-port"],
    ["PORT", "70000"],
    ["DATABASE_URL", "mysql://localhost/db"],
    ["NEXTAUTH_SECRET", "short"],
    ["DEMO_EMAIL", "not-an-email"],
    ["TELNYX_API_BASE_URL", "ftp://example.com"],
    ["LOG_LEVEL", "loud"],
    ["WORKER_CONCURRENCY", "0"],
    ["LISTEN_ADDRESS", "example.com"],
    ["LISTEN_ADDRESS", "127.0.0.1:3000"],
  ])("rejects a malformed %s with a message naming it", (variable, value) => {
    let error: unknown;
    try {
      parseEnv({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).issues.map((i) => i.variable)).toEqual([variable]);
    expect((error as EnvError).message).toContain(variable);
  });
});
