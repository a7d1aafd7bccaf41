import Anthropic from "@anthropic-ai/sdk";
import type { MessageParam, Tool, ContentBlock } from "@anthropic-ai/sdk/resources/messages";

/**
 * One model reply, streamed: text deltas as they come (the session cuts them into sentences for
 * speech), then the whole message (its tool calls, its stop reason). Aborting the signal stops
 * the request at once (barge-in). docs/voice/telnyx-and-anthropic.md has the SDK notes.
 */

export interface ReplierConfig {
  apiKey: string;
  /** ANTHROPIC_BASE_URL (tests: the fake). */
  baseUrl?: string;
  model: string;
  /** Replies on the phone are short; a long one is cut here. */
  maxTokens: number;
  /** No first token after this long: a provider failure (the caller must not sit in silence). */
  timeoutMs: number;
}

export interface ReplyRequest {
  system: string;
  messages: MessageParam[];
  tools: Tool[];
  signal: AbortSignal;
  onText(delta: string): void;
}

export interface Reply {
  content: ContentBlock[];
  stopReason: string | null;
}

export type Replier = (request: ReplyRequest) => Promise<Reply>;

export function createReplier(config: ReplierConfig): Replier {
  const client = new Anthropic({
    apiKey: config.apiKey,
    baseURL: config.baseUrl ?? "https://api.anthropic.com",
    timeout: config.timeoutMs,
    // A retry after a failure would leave the caller waiting seconds; the session falls back instead.
    maxRetries: 0,
  });
  return async ({ system, messages, tools, signal, onText }) => {
    const stream = client.messages.stream(
      { model: config.model, max_tokens: config.maxTokens, system, messages, ...(tools.length ? { tools } : {}) },
      { signal },
    );
    stream.on("text", (delta) => onText(delta));
    // Without a listener the SDK reports an abort as an unhandled rejection (the gotcha in the notes).
    stream.on("abort", () => undefined);
    stream.on("error", () => undefined);
    const message = await stream.finalMessage();
    return { content: message.content, stopReason: message.stop_reason };
  };
}
