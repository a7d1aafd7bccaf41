import { describe, expect, it } from "vitest";
import { UNREAD_POLL_MS, unreadPolling } from "./unread-polling";

describe("unreadPolling", () => {
  it("polls while signed in (and while next-auth is still loading the session the page was rendered for)", () => {
    expect(unreadPolling("authenticated", undefined)).toEqual({ enabled: true, refetchInterval: UNREAD_POLL_MS });
    expect(unreadPolling("loading", undefined)).toEqual({ enabled: true, refetchInterval: UNREAD_POLL_MS });
    expect(unreadPolling("authenticated", "INTERNAL_SERVER_ERROR")).toEqual({ enabled: true, refetchInterval: UNREAD_POLL_MS });
  });

  it("stops after signing out, and once the server answered that the session is over", () => {
    expect(unreadPolling("unauthenticated", undefined)).toEqual({ enabled: false, refetchInterval: false });
    expect(unreadPolling("authenticated", "UNAUTHORIZED")).toEqual({ enabled: false, refetchInterval: false });
  });
});
