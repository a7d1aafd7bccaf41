/**
 * `client_state`: an opaque base64 value we attach to a call leg (on answer or dial); Telnyx
 * echoes it in every later webhook of that leg, which is how events find their Call row.
 */

/** caller: an inbound caller's leg; user: the user's own phone; contact: the person we dial. */
export type LegRole = "caller" | "user" | "contact";

export interface ClientState {
  callId: string;
  leg: LegRole;
  /**
   * Where a scripted call is (a reminder call: which prompt, the goodbye...): a command's
   * client_state is echoed by the events that command causes, so they can be told apart.
   */
  step?: string;
}

const ROLES = new Set<LegRole>(["caller", "user", "contact"]);

export function encodeClientState(state: ClientState): string {
  return Buffer.from(JSON.stringify({ v: 1, c: state.callId, l: state.leg, ...(state.step ? { s: state.step } : {}) }), "utf8").toString("base64");
}

/** The state we encoded, or null for anything else (absent, foreign, malformed). */
export function decodeClientState(value: unknown): ClientState | null {
  if (typeof value !== "string" || !value || value.length > 2048) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64").toString("utf8"));
    if (!parsed || typeof parsed !== "object") return null;
    const { v, c, l, s } = parsed as Record<string, unknown>;
    if (v !== 1 || typeof c !== "string" || !c || c.length > 64 || !ROLES.has(l as LegRole)) return null;
    const step = typeof s === "string" && s && s.length <= 64 ? s : undefined;
    return step ? { callId: c, leg: l as LegRole, step } : { callId: c, leg: l as LegRole };
  } catch {
    return null;
  }
}
