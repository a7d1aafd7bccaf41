/** How often the badge checks for new notices (paused while the tab is hidden). */
export const UNREAD_POLL_MS = 10_000;

/** next-auth's session status, as `useSession()` reports it. */
export type SessionStatus = "authenticated" | "loading" | "unauthenticated";

/**
 * Whether the bell asks the server for notices, and how often. Only while someone is signed in:
 * after signing out (in this tab or another, which next-auth tells every tab) or once the server
 * has said the session is over (signed out everywhere, account disabled) it stops, instead of
 * asking every ten seconds for an answer that can only be "sign in".
 */
export function unreadPolling(session: SessionStatus, lastErrorCode: string | undefined): { enabled: boolean; refetchInterval: number | false } {
  const signedIn = session !== "unauthenticated" && lastErrorCode !== "UNAUTHORIZED";
  return { enabled: signedIn, refetchInterval: signedIn ? UNREAD_POLL_MS : false };
}
