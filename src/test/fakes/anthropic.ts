import { randomUUID } from "node:crypto";
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { header, startFakeProviderServer, type FakeAnswer, type FakeProviderServer, type RecordedRequest } from "./provider-server";

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
 *
 * A request with `stream: true` (the voice agent's `messages.stream`) is answered with the
 * API's server-sent events instead, written one at a time as they are produced, so a test can
 * time the first token, abort mid-answer, or have the connection die mid-answer. What it says
 * is scripted with `fake.queueStream(reply)` (else `fake.defaultStreamReply(request)`).
 */

export interface MessagesRequest {
  model: string;
  max_tokens: number;
  system?: unknown;
  messages: { role: string; content: unknown }[];
  tools?: { name: string; input_schema: unknown }[];
  tool_choice?: { type: string; name?: string };
  stream?: boolean;
}

/** What one streamed answer says, and how it is delivered. */
export interface StreamReply {
  /** Spoken text, streamed in word-sized `text_delta`s (a word and the space after it). */
  text?: string;
  /** Tool calls after the text, each a `tool_use` block whose input is streamed as JSON pieces. */
  toolCalls?: { name: string; input: unknown; id?: string }[];
  /** Wall time before the first delta (default `fake.streamFirstTokenMs`). */
  firstTokenDelayMs?: number;
  /** Wall time between deltas (default `fake.streamTokenIntervalMs`). */
  tokenIntervalMs?: number;
  /** Destroy the connection after this many text deltas (the provider dying mid-answer). */
  failAfterTokens?: number;
  /** Answer this HTTP status with the API's error JSON instead of a stream. */
  status?: number;
}

/** One streamed request, as the fake answered it. */
export interface StreamRecord {
  request: RecordedRequest;
  reply: StreamReply;
  /** The SSE event names written, in order. */
  events: string[];
  textDeltas: number;
  /** null while streaming; "client_aborted": the client went away first; "failed": failAfterTokens. */
  outcome: "complete" | "client_aborted" | "failed" | "error_status" | null;
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
  /** The next streamed answers (first in, first out). `respondNext` applies to non-streaming requests only. */
  queueStream(reply: StreamReply): void;
  /** The streamed answer when nothing is queued (default: a short greeting, end_turn). */
  defaultStreamReply: (request: MessagesRequest) => StreamReply;
  /** Default wall time before a stream's first delta (a benchmark's stand-in for time to first token). */
  streamFirstTokenMs: number;
  /** Default wall time between a stream's deltas. */
  streamTokenIntervalMs: number;
  /** Every streamed request, oldest first. */
  streams(): StreamRecord[];
}

export const DEFAULT_STREAM_TEXT = "Thank you for calling. How can I help?";

export async function startFakeAnthropic(
  options: { apiKey?: string; latencyMs?: number; streamFirstTokenMs?: number; streamTokenIntervalMs?: number } = {},
): Promise<FakeAnthropic> {
  const apiKey = options.apiKey ?? `sk-ant-fake-${randomUUID()}`;
  const authorize = (request: RecordedRequest): FakeAnswer | null => {
    const key = header(request, "x-api-key") ?? header(request, "authorization")?.replace(/^Bearer /, "");
    if (key !== apiKey) return { status: 401, body: errorBody(401) };
    if (!header(request, "anthropic-version")) {
      return { status: 400, body: errorBody(400, "anthropic-version: header is required") };
    }
    return null;
  };
  const server = await startFakeProviderServer({
    latencyMs: options.latencyMs,
    authorize,
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
  const front = await startStreamingFront(server, authorize, () => fake);
  const closeInner = server.close.bind(server);
  const resetInner = server.reset.bind(server);
  const fake: FakeAnthropic = Object.assign(server, {
    origin: front.origin,
    baseUrl: front.origin,
    apiKey,
    toolInput: defaultToolInput,
    messages: () => server.requests.filter((r) => r.path === "/v1/messages"),
    prompts: () => server.requests.filter((r) => r.path === "/v1/messages" && r.json).map((r) => userPrompt(r.json as MessagesRequest)),
    queueStream: (reply: StreamReply) => void front.queued.push(reply),
    defaultStreamReply: (_request: MessagesRequest): StreamReply => ({ text: DEFAULT_STREAM_TEXT }),
    streamFirstTokenMs: options.streamFirstTokenMs ?? 0,
    streamTokenIntervalMs: options.streamTokenIntervalMs ?? 0,
    streams: () => [...front.streams],
    reset() {
      resetInner();
      front.queued.length = 0;
      front.streams.length = 0;
    },
    async close() {
      await front.close();
      await closeInner();
    },
  });
  return fake;
}

/**
 * The server the SDK talks to. The shared provider server answers each request with one whole
 * body, which a stream can't be; rather than fork it, this front server answers `stream: true`
 * messages itself and passes every other request through to it unchanged (same status, body,
 * content type; a client that gives up mid-request gives up there too), so the non-streaming
 * behaviour, its scripting (`respondNext`, `latencyMs`) and its recording stay in one place.
 */
async function startStreamingFront(inner: FakeProviderServer, authorize: (request: RecordedRequest) => FakeAnswer | null, fake: () => FakeAnthropic) {
  const queued: StreamReply[] = [];
  const streams: StreamRecord[] = [];
  const innerUrl = new URL(inner.origin);
  const agent = new Agent({ keepAlive: true });

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer) {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && name !== "transfer-encoding") headers[name] = value;
    headers["content-length"] = String(body.length);
    const upstream = httpRequest({ host: innerUrl.hostname, port: innerUrl.port, method: req.method, path: req.url, headers, agent }, (answer) => {
      const kept: Record<string, string> = {};
      for (const name of ["content-type", "content-length"]) if (typeof answer.headers[name] === "string") kept[name] = answer.headers[name];
      res.writeHead(answer.statusCode ?? 502, kept);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.end(body);
  }

  async function stream(req: IncomingMessage, res: ServerResponse, request: RecordedRequest) {
    const refusal = authorize(request);
    const problem = refusal ? null : invalidRequest(request.json as Partial<MessagesRequest>);
    const params = request.json as MessagesRequest;
    const reply = refusal || problem ? {} : (queued.shift() ?? fake().defaultStreamReply(params));
    const record: StreamRecord = { request, reply, events: [], textDeltas: 0, outcome: null };
    streams.push(record);
    const error = refusal ?? (problem ? { status: 400, body: errorBody(400, problem) } : reply.status ? { status: reply.status, body: errorBody(reply.status) } : null);
    if (error) {
      record.outcome = "error_status";
      request.status = error.status;
      const payload = JSON.stringify(error.body);
      res.writeHead(error.status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
      res.end(payload);
      return;
    }

    res.on("close", () => {
      record.outcome ??= "client_aborted";
    });
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "request-id": requestId() });
    res.flushHeaders();
    request.status = 200;
    const firstDelay = reply.firstTokenDelayMs ?? fake().streamFirstTokenMs;
    const interval = reply.tokenIntervalMs ?? fake().streamTokenIntervalMs;
    let deltas = 0;
    for (const event of streamEvents(params, reply)) {
      // The connection dies right after the failAfterTokens-th text delta (with 0: before the first delta).
      const fail = reply.failAfterTokens;
      if (fail !== undefined && record.textDeltas >= fail && (fail > 0 || event.type === "content_block_delta")) {
        record.outcome = "failed";
        // Not at once: a client's fetch drops body chunks it has not read yet when the body errors,
        // so the deltas before the drop would never be seen. Mid chunked body: the client errors.
        await sleep(Math.max(interval, 20));
        req.socket.destroy();
        return;
      }
      if (event.type === "content_block_delta") {
        const wait = deltas++ === 0 ? firstDelay : interval;
        if (wait > 0) await sleep(wait);
        if (event.delta.type === "text_delta") record.textDeltas++;
      }
      if (res.destroyed || record.outcome) return;
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      record.events.push(event.type);
    }
    record.outcome = "complete";
    res.end();
  }

  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      let json: unknown = null;
      if (req.headers["content-type"]?.includes("json") && body.length > 0) {
        try {
          json = JSON.parse(body.toString("utf8")) as unknown;
        } catch {
          json = null;
        }
      }
      if (req.method !== "POST" || url.pathname !== "/v1/messages" || (json as { stream?: unknown } | null)?.stream !== true) return forward(req, res, body);
      const request: RecordedRequest = { method: "POST", path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body, json, status: 0 };
      inner.requests.push(request);
      await stream(req, res, request);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    queued,
    streams,
    close() {
      server.closeAllConnections();
      agent.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// Unref'd like the provider server's: a slow stream must not keep a finished test process alive.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

type StreamEvent =
  | { type: "message_start"; message: unknown }
  | { type: "ping" }
  | { type: "content_block_start"; index: number; content_block: unknown }
  | { type: "content_block_delta"; index: number; delta: { type: "text_delta"; text: string } | { type: "input_json_delta"; partial_json: string } }
  | { type: "content_block_stop"; index: number }
  | { type: "message_delta"; delta: unknown; usage: unknown }
  | { type: "message_stop" };

/** The API's event sequence for a reply: message_start, ping, the text block, the tool_use blocks, message_delta, message_stop. */
function streamEvents(params: MessagesRequest, reply: StreamReply): StreamEvent[] {
  const inputTokens = Math.ceil((JSON.stringify(params.system ?? "").length + JSON.stringify(params.messages).length) / 4);
  const events: StreamEvent[] = [
    {
      type: "message_start",
      message: {
        id: `msg_${randomUUID().replace(/-/g, "")}`,
        type: "message",
        role: "assistant",
        model: params.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        stop_details: null,
        container: null,
        diagnostics: null,
        usage: {
          input_tokens: inputTokens,
          output_tokens: 1,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          cache_creation: null,
          inference_geo: null,
          output_tokens_details: null,
          server_tool_use: null,
          service_tier: "standard",
        },
      },
    },
    { type: "ping" },
  ];
  let index = 0;
  let outputTokens = 0;
  if (reply.text) {
    events.push({ type: "content_block_start", index, content_block: { type: "text", text: "", citations: null } });
    for (const word of reply.text.match(/\S+\s*/g) ?? []) {
      events.push({ type: "content_block_delta", index, delta: { type: "text_delta", text: word } });
      outputTokens++;
    }
    events.push({ type: "content_block_stop", index: index++ });
  }
  for (const call of reply.toolCalls ?? []) {
    const id = call.id ?? `toolu_${randomUUID().replace(/-/g, "")}`;
    events.push({ type: "content_block_start", index, content_block: { type: "tool_use", id, name: call.name, input: {}, caller: { type: "direct" } } });
    for (const piece of jsonPieces(JSON.stringify(call.input ?? {}))) {
      events.push({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: piece } });
    }
    outputTokens += Math.ceil(JSON.stringify(call.input ?? {}).length / 4) + 10;
    events.push({ type: "content_block_stop", index: index++ });
  }
  events.push(
    {
      type: "message_delta",
      delta: { stop_reason: reply.toolCalls?.length ? "tool_use" : "end_turn", stop_sequence: null, stop_details: null, container: null },
      usage: { input_tokens: inputTokens, output_tokens: Math.max(outputTokens, 1), cache_creation_input_tokens: 0, cache_read_input_tokens: 0, server_tool_use: null },
    },
    { type: "message_stop" },
  );
  return events;
}

/** A tool input's JSON as the API streams it: an empty first piece, then about three pieces. */
function jsonPieces(json: string): string[] {
  const size = Math.max(1, Math.ceil(json.length / 3));
  const pieces = [""];
  for (let at = 0; at < json.length; at += size) pieces.push(json.slice(at, at + size));
  return pieces;
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
