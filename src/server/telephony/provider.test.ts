import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderError } from "~/server/providers/errors";
import { startFakeTelnyxApi, type FakeTelnyxApi } from "~/test/fakes/telnyx-api";
import { providerTrpcError } from "./errors";
import { createTelnyxProvider } from "./provider";

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
