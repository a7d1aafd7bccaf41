import { afterEach, describe, expect, it, vi } from "vitest";
import { spyOnLogger } from "~/test/log-spy";
import { authOptions } from "./config";

/**
 * next-auth's log lines: the browser reports its own failed session fetches to /api/auth/_log
 * (a tab waking up offline, a navigation cutting a fetch short, the dev server restarting), and a
 * cookie this server cannot read is a visitor to sign in again: neither is a server error.
 */

const nextAuth = authOptions.logger!;

afterEach(() => vi.restoreAllMocks());

describe("next-auth logger", () => {
  it("demotes the browser's own fetch failures, reported through /api/auth/_log, to debug", () => {
    const log = spyOnLogger();
    // As /api/auth/_log hands them over: the form fields of the browser's beacon, all strings.
    nextAuth.error!("CLIENT_FETCH_ERROR", { error: "{}", url: "/api/auth/session", message: "Failed to fetch", client: "true" } as never);
    nextAuth.error!("CLIENT_SESSION_ERROR", { message: "NetworkError when attempting to fetch resource.", client: "true" } as never);
    // Any other code a browser (or anyone) posts to the public _log endpoint is no server error either.
    nextAuth.error!("SOMETHING_ELSE", { message: "made up", client: "true" } as never);
    expect(log.error).not.toHaveBeenCalled();
    expect(log.warn).not.toHaveBeenCalled();
    expect(log.debug).toHaveBeenCalledTimes(3);
    expect(log.debug.mock.calls[0]![0]).toMatchObject({ code: "CLIENT_FETCH_ERROR", client: true });
  });

  it("logs an unreadable session cookie as info: the visitor is simply signed out", () => {
    const log = spyOnLogger();
    nextAuth.error!("JWT_SESSION_ERROR", Object.assign(new Error("decryption operation failed"), { name: "JWEDecryptionFailed" }));
    expect(log.error).not.toHaveBeenCalled();
    expect(log.info).toHaveBeenCalledTimes(1);
    expect(log.info.mock.calls[0]![0]).toMatchObject({ code: "JWT_SESSION_ERROR" });
  });

  it("still logs the server's own failures as errors", () => {
    const log = spyOnLogger();
    nextAuth.error!("SIGNOUT_ERROR", new Error("boom"));
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0]![0]).toMatchObject({ code: "SIGNOUT_ERROR" });
  });
});
