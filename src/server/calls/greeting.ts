/**
 * What callers hear: ElevenLabs audio of these words when ELEVENLABS_API_KEY is set (see
 * greeting-voice.ts), otherwise Telnyx `speak`.
 */

function whom(userName: string | null): string {
  const name = userName?.trim();
  return name ? name : "us";
}

/** Inbound, when the call is being forwarded to the user's own phone. */
export function forwardingGreeting(userName: string | null): string {
  return `Hello, you have reached ${whom(userName)}. This call may be recorded. Please hold while we connect you.`;
}

/** Inbound, when nobody can be reached (no personal phone to forward to). */
export function voicemailGreeting(userName: string | null): string {
  return `Hello, you have reached ${whom(userName)}. Nobody can take your call right now. Please leave a message after this greeting, and hang up when you are done.`;
}

/** Inbound, after forwarding rang out or failed. */
export function voicemailPrompt(): string {
  return "Sorry, nobody can take your call right now. Please leave a message, and hang up when you are done.";
}
