import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderError } from "~/server/providers/errors";
import { startFakeTelnyxApi, type FakeTelnyxApi } from "~/test/fakes/telnyx-api";
import { providerTrpcError } from "./errors";
import { createTelnyxProvider, speechLanguage } from "./provider";

let api: FakeTelnyxApi;
beforeAll(async () => {
  api = await startFakeTelnyxApi();
});
afterAll(async () => {
  await api?.close();
});

describe("Telnyx failures", () => {
  it("are the one ProviderError, with Telnyx's own wording (no provider prefix) all the way to the user", async () => {
    const telnyx = createTelnyxProvider({ apiKey: api.apiKey, baseURL: api.baseURL, timeoutMs: 5_000, maxRetries: 0 });
    api.respondNext("/v2/calls", {
      status: 422,
      body: { errors: [{ code: "10016", title: "Invalid value", detail: "The destination number is not valid." }] },
    });
    const error = await telnyx
      .dial({ connectionId: "1", from: "+14155550100", to: "+14155550101", clientState: "x", commandId: "c" })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      provider: "telnyx",
      kind: "rejected",
      httpStatus: 422,
      permanent: true,
      message: "dial: Telnyx 422: The destination number is not valid. (code 10016)",
    });
    expect(providerTrpcError(error, "call")).toMatchObject({
      code: "BAD_REQUEST",
      message: "Telnyx refused the call: dial: Telnyx 422: The destination number is not valid. (code 10016)",
    });
  });

  it("say when Telnyx could not be reached, retryable", async () => {
    const telnyx = createTelnyxProvider({ apiKey: api.apiKey, baseURL: "http://127.0.0.1:9/v2", timeoutMs: 5_000, maxRetries: 0 });
    const error = await telnyx.hangup("v3:x", { commandId: "c" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: "telnyx", kind: "connection", permanent: false });
    expect((error as Error).message).toMatch(/^hangup: could not reach Telnyx \(/);
    expect(providerTrpcError(error, "call").message).toMatch(/^Could not reach Telnyx; the call is marked failed\. hangup: could not reach Telnyx/);
  });
});

describe("reminder call commands", () => {
  it("dial with answering-machine detection, gather one key with or without a spoken prompt, speak in the message's language", async () => {
    const telnyx = createTelnyxProvider({ apiKey: api.apiKey, baseURL: api.baseURL, timeoutMs: 5_000, maxRetries: 0 });
    api.reset();
    await telnyx.dial({ connectionId: "1", from: "+14155550100", to: "+14155550101", clientState: "x", commandId: "d1", answeringMachineDetection: "detect_beep" });
    expect(api.find("/v2/calls")[0]!.body).toMatchObject({ answering_machine_detection: "detect_beep", command_id: "d1" });
    await telnyx.dial({ connectionId: "1", from: "+14155550100", to: "+14155550101", clientState: "x", commandId: "d2" });
    expect(api.find("/v2/calls")[1]!.body).not.toHaveProperty("answering_machine_detection");

    const gather = { validDigits: "12", maxDigits: 1, timeoutMillis: 8000, clientState: "cs", commandId: "g1" };
    await telnyx.gatherUsingSpeak("v3:leg", { ...gather, text: "Take your pills. Press 1.", language: "de" });
    await telnyx.gather("v3:leg", { ...gather, commandId: "g2" });
    await telnyx.speak("v3:leg", { text: "Bonjour", language: "fr-CA", commandId: "s1" });
    const [speakGather, plain, speak] = api.actionsFor("v3:leg");
    expect(speakGather!.path).toBe("/v2/calls/v3:leg/actions/gather_using_speak");
    expect(speakGather!.body).toEqual({
      payload: "Take your pills. Press 1.",
      voice: "female",
      language: "de-DE",
      valid_digits: "12",
      minimum_digits: 1,
      maximum_digits: 1,
      timeout_millis: 8000,
      terminating_digit: "",
      client_state: "cs",
      command_id: "g1",
      maximum_tries: 1,
    });
    expect(plain!.path).toBe("/v2/calls/v3:leg/actions/gather");
    expect(plain!.body).toMatchObject({ valid_digits: "12", maximum_digits: 1, initial_timeout_millis: 8000, command_id: "g2", client_state: "cs" });
    expect(plain!.body).not.toHaveProperty("payload");
    expect(speak!.body).toMatchObject({ payload: "Bonjour", language: "fr-CA", command_id: "s1" });
  });

  it("speaks the nearest language Telnyx has, else English", () => {
    expect(speechLanguage("en-US")).toBe("en-US");
    expect(speechLanguage("EN-gb")).toBe("en-GB");
    expect(speechLanguage("de-AT")).toBe("de-DE");
    expect(speechLanguage("pt")).toBe("pt-BR");
    expect(speechLanguage("ar")).toBe("arb");
    expect(speechLanguage("zh-TW")).toBe("cmn-CN");
    expect(speechLanguage("no")).toBe("nb-NO");
    expect(speechLanguage("xh")).toBe("en-US");
    expect(speechLanguage(null)).toBe("en-US");
  });
});
