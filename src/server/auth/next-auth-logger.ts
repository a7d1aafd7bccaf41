import type { LoggerInstance } from "next-auth";
import type { Logger } from "~/server/logger";

/**
 * next-auth's logger on ours, each line at the level it deserves. The browser posts its own
 * failures (CLIENT_FETCH_ERROR when a session fetch fails: offline, a navigation cutting it
 * short, the dev server restarting) to the public /api/auth/_log endpoint, marked `client`:
 * the server did nothing wrong, and anyone can post there, so those are debug lines. A session
 * cookie this server cannot read (another secret, another app on the same localhost port) only
 * means the visitor signs in again: info.
 */
export function nextAuthLogger(log: Logger): LoggerInstance {
  return {
    error(code, metadata) {
      const fromBrowser = (metadata as { client?: unknown } | undefined)?.client;
      if (fromBrowser === true || fromBrowser === "true") return log.debug({ code, metadata, client: true }, "next-auth client error");
      if (code === "JWT_SESSION_ERROR") return log.info({ code, err: metadata }, "next-auth: unreadable session cookie, signed out");
      log.error({ code, metadata }, "next-auth error");
    },
    warn: (code) => log.warn({ code }, "next-auth warning"),
    debug: () => undefined,
  };
}
