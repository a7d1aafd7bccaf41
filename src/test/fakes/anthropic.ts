import { randomUUID } from "node:crypto";
import { header, startFakeProviderServer, type FakeProviderServer, type RecordedRequest } from "./provider-server";

/**
 * A local stand-in for Anthropic's Messages API (`POST /v1/messages`, and the models list
 * `GET /v1/models`), reached by the real
 * `@anthropic-ai/sdk` through its base URL. It checks the key (the 1.x SDK sends it as
 * `Authorization: Bearer <key>`; `x-api-key: <key>` is accepted too, as the API does) and
 * requires `anthropic-version`, validates the request's required fields and forced tool, and
 * answers with a Messages API response whose single `tool_use` block calls the forced tool.
 *
 * The tool input is `fake.toolInput(request)`; the default derives it deterministically from
 * the prompt (so chunk and merge requests get plausible, distinct answers).
 */

export interface MessagesRequest {
  model: string;
  max_tokens: number;
  system?: unknown;
  messages: { role: string; content: unknown }[];
  tools?: { name: string; input_schema: unknown }[];
  tool_choice?: { type: string; name?: string };
}

export interface FakeAnthropic extends FakeProviderServer {
  /** ANTHROPIC_BASE_URL: the origin (the SDK appends /v1/messages). */
  baseUrl: string;
  apiKey: string;
  /** The forced tool's input for a request. */
  toolInput: (request: MessagesRequest) => unknown;
  /** Requests to /v1/messages. */
  messages(): RecordedRequest[];
  /** The user prompt of each /v1/messages request, in order. */
  prompts(): string[];
}

export async function startFakeAnthropic(options: { apiKey?: string; latencyMs?: number } = {}): Promise<FakeAnthropic> {
  const apiKey = options.apiKey ?? `sk-ant-fake-${randomUUID()}`;
  const server = await startFakeProviderServer({
    latencyMs: options.latencyMs,
    authorize(request) {
      const key = header(request, "x-api-key") ?? header(request, "authorization")?.replace(/^Bearer /, "");
      if (key !== apiKey) return { status: 401, body: errorBody(401) };
      if (!header(request, "anthropic-version")) {
        return { status: 400, body: errorBody(400, "anthropic-version: header is required") };
      }
      return null;
    },
    handle(request) {
      if (request.method === "GET" && request.path === "/v1/models") return { status: 200, body: modelsPage(request) };
      if (request.method !== "POST" || request.path !== "/v1/messages") {
        return { status: 404, body: { type: "error", error: { type: "not_found_error", message: "Not found" }, request_id: requestId() } };
      }
      const body = request.json as Partial<MessagesRequest> | null;
      const problem = invalidRequest(body);
      if (problem || !body) return { status: 400, body: errorBody(400, problem ?? "invalid JSON body") };
      const params = body as MessagesRequest;
      const toolName = params.tool_choice?.name ?? params.tools?.[0]?.name ?? "tool";
      const prompt = userPrompt(params);
      return {
        status: 200,
        body: {
          id: `msg_${randomUUID().replace(/-/g, "")}`,
          type: "message",
          role: "assistant",
          model: params.model,
          content: [
            { type: "tool_use", id: `toolu_${randomUUID().replace(/-/g, "")}`, name: toolName, input: fake.toolInput(params), caller: { type: "direct" } },
          ],
          stop_reason: "tool_use",
          stop_sequence: null,
          stop_details: null,
          container: null,
          diagnostics: null,
          usage: {
            input_tokens: Math.ceil(prompt.length / 4),
            output_tokens: 120,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
            cache_creation: null,
            inference_geo: null,
            output_tokens_details: null,
            server_tool_use: null,
            service_tier: "standard",
          },
        },
      };
    },
    errorBody: (status) => errorBody(status),
  });
  const fake: FakeAnthropic = Object.assign(server, {
    baseUrl: server.origin,
    apiKey,
    toolInput: defaultToolInput,
    messages: () => server.requests.filter((r) => r.path === "/v1/messages"),
    prompts: () => server.requests.filter((r) => r.path === "/v1/messages" && r.json).map((r) => userPrompt(r.json as MessagesRequest)),
  });
  return fake;
}

/** The models GET /v1/models lists, newest first. */
export const FAKE_MODELS = ["claude-sonnet-5-5", "claude-haiku-5-5"];

/** One page of `GET /v1/models` (`limit`, default 20), in the API's list shape. */
function modelsPage(request: RecordedRequest) {
  const limit = Math.min(1000, Math.max(1, Number(request.query.limit ?? 20) || 20));
  const data = FAKE_MODELS.slice(0, limit).map((id) => ({ type: "model", id, display_name: id, created_at: "2026-01-05T00:00:00Z" }));
  return { data, has_more: FAKE_MODELS.length > limit, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}

const requestId = () => `req_${randomUUID().replace(/-/g, "")}`;

function errorBody(status: number, message?: string): unknown {
  const [type, text] =
    status === 400 ? ["invalid_request_error", "Invalid request"]
    : status === 401 ? ["authentication_error", "invalid x-api-key"]
    : status === 403 ? ["permission_error", "Your API key does not have permission to use the specified resource."]
    : status === 429 ? ["rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"]
    : status === 529 ? ["overloaded_error", "Overloaded"]
    : ["api_error", "Internal server error"];
  return { type: "error", error: { type, message: message ?? text }, request_id: requestId() };
}

function invalidRequest(body: Partial<MessagesRequest> | null): string | null {
  if (!body) return "invalid JSON body";
  if (typeof body.model !== "string") return "model: Field required";
  if (typeof body.max_tokens !== "number") return "max_tokens: Field required";
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "messages: Field required";
  if (body.tool_choice?.type === "tool" && !body.tools?.some((tool) => tool.name === body.tool_choice?.name)) {
    return `tool_choice.name: tool '${body.tool_choice.name}' not found in tools`;
  }
  return null;
}

/** The text of the last user message. */
export function userPrompt(request: MessagesRequest): string {
  const last = [...request.messages].reverse().find((m) => m.role === "user");
  if (!last) return "";
  if (typeof last.content === "string") return last.content;
  return Array.isArray(last.content)
    ? last.content.map((block: { type?: string; text?: string }) => (block.type === "text" ? (block.text ?? "") : "")).join("")
    : "";
}

interface FakeAnalysis {
  summary: string;
  sentiment: { label: string; score: number };
  action_items: { text: string; due_hint: string | null; priority: string }[];
  topics: string[];
  important: boolean;
}

/**
 * A plausible `record_call_analysis` input: a merge request combines its parts; a transcript
 * request summarises by its first line and takes "I'll …" lines as action items.
 */
export function defaultToolInput(request: MessagesRequest): FakeAnalysis {
  const prompt = userPrompt(request);
  const parts = /<part_analyses>\n([\s\S]*)\n<\/part_analyses>/.exec(prompt)?.[1];
  if (parts) {
    const analyses = JSON.parse(parts) as FakeAnalysis[];
    const score = analyses.reduce((sum, a) => sum + a.sentiment.score, 0) / Math.max(analyses.length, 1);
    return {
      summary: analyses.map((a) => a.summary).join(" "),
      sentiment: { label: score > 0.2 ? "positive" : score < -0.2 ? "negative" : "neutral", score },
      action_items: analyses.flatMap((a) => a.action_items).filter((item, i, all) => all.findIndex((other) => other.text === item.text) === i),
      topics: [...new Set(analyses.flatMap((a) => a.topics))].slice(0, 6),
      important: analyses.some((a) => a.important),
    };
  }
  const transcript = /<transcript>\n([\s\S]*)\n<\/transcript>/.exec(prompt)?.[1] ?? "";
  const lines = transcript.split("\n").map((line) => line.replace(/^Speaker \d+ \[[\d:]+\]: /, ""));
  const actionItems = lines.flatMap((line) => {
    const promise = /\bI'll ([^.!?]+?)(?: (by \w+|tomorrow|next week))?[.!?]?$/i.exec(line);
    if (!promise?.[1]) return [];
    const text = promise[1].charAt(0).toUpperCase() + promise[1].slice(1);
    return [{ text, due_hint: promise[2] ?? null, priority: "medium" }];
  });
  return {
    summary: `The call opened with: ${lines[0] ?? "(nothing)"}`,
    sentiment: { label: "positive", score: 0.6 },
    action_items: actionItems,
    topics: ["renewal"],
    important: false,
  };
}
