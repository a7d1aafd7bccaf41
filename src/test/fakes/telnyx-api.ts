import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the Telnyx REST API (v2) on 127.0.0.1:0, reached by the real `telnyx`
 * SDK through its base URL. It records every request (method, path, headers, JSON body, and the
 * response it gave), checks `Authorization: Bearer <key>`, answers Call Control commands, dials
 * and message sends like Telnyx does, and can be told to fail or stall the next matching request.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  /** Query parameters, keys as sent (e.g. "filter[phone_number]", "page[size]"). */
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
  status: number;
  response: unknown;
}

export interface ScriptedResponse {
  status: number;
  body?: unknown;
  /** Wait this long before answering (longer than the client timeout: a timeout). */
  delayMs?: number;
}

export interface FakeTelnyxApi {
  /** Base URL including /v2, as TELNYX_API_BASE_URL would be. */
  baseURL: string;
  apiKey: string;
  requests: RecordedRequest[];
  /** Requests whose path matches (string: exact path; RegExp: test). */
  find(path: string | RegExp, method?: string): RecordedRequest[];
  /** Bodies of the dials that placed a call: a dial repeating an earlier command_id places none. */
  placedCalls(): Record<string, unknown>[];
  /** Call Control commands sent to a leg, in order ("answer", "record_start", "speak", ...). */
  actionsFor(callControlId: string): RecordedRequest[];
  /**
   * The next request matching `path` is handled as usual (a dial places its call) but answered
   * only after `delayMs`: the client may die or time out while Telnyx has acted on it.
   */
  delayNext(path: string | RegExp, delayMs: number): void;
  /** The next request matching `path` gets this response instead (queued, first in first out). */
  respondNext(path: string | RegExp, response: ScriptedResponse): void;
  /** GET /v2/recordings/<id> answers with these (fresh) download URLs. */
  setRecording(id: string, urls: { mp3?: string; wav?: string }): void;
  /** The numbers GET /v2/phone_numbers lists (the account's numbers; none until set). */
  setAccountNumbers(numbers: FakeAccountNumber[]): void;
  reset(): void;
  close(): Promise<void>;
}

/** One of the account's numbers as Telnyx lists it (fields Switchboard reads; the rest defaulted). */
export interface FakeAccountNumber {
  id: string;
  phone_number: string;
  status?: string;
  connection_id?: string | null;
  connection_name?: string | null;
  messaging_profile_id?: string | null;
  messaging_profile_name?: string | null;
}

function matches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === "string" ? pattern === path : pattern.test(path);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { _raw: text };
  }
}

export async function startFakeTelnyxApi(
  options: {
    apiKey?: string;
    /** Called as each request is recorded (before it is answered): benchmarks time commands by it. */
    onRequest?: (request: RecordedRequest) => void;
    /** Listen on this port (default: any free one). The e2e server uses a fixed one. */
    port?: number;
    /**
     * Serve `/__fake/*` for a test in another process (the e2e specs): GET /__fake/requests lists
     * what was recorded, POST /__fake/account-numbers adds a number to the account.
     */
    control?: boolean;
  } = {},
): Promise<FakeTelnyxApi> {
  const apiKey = options.apiKey ?? `KEYfake_${randomUUID().replace(/-/g, "")}`;
  const requests: RecordedRequest[] = [];
  const scripted: { pattern: string | RegExp; response: ScriptedResponse }[] = [];
  const delays: { pattern: string | RegExp; delayMs: number }[] = [];
  let counter = 0;
  const recordings = new Map<string, { mp3?: string; wav?: string }>();
  let accountNumbers: FakeAccountNumber[] = [];
  /** Dials by command_id, and the bodies of dials that placed a call (a repeated command_id places none). */
  const dialed = new Map<string, unknown>();
  const placed: Record<string, unknown>[] = [];

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const path = decodeURIComponent(url.pathname);
      const query = Object.fromEntries(url.searchParams);
      const body = await readBody(req);
      if (options.control && path.startsWith("/__fake/")) return control(req.method ?? "GET", path, query, body, res);
      const record = (status: number, response: unknown) => {
        const recorded = { method: req.method ?? "GET", path, query, headers: req.headers, body, status, response };
        requests.push(recorded);
        options.onRequest?.(recorded);
      };

      const scriptIndex = scripted.findIndex((s) => matches(s.pattern, path));
      if (scriptIndex >= 0) {
        const { response } = scripted.splice(scriptIndex, 1)[0]!;
        record(response.status, response.body ?? null);
        if (response.delayMs) await new Promise((resolve) => setTimeout(resolve, response.delayMs));
        if (!res.destroyed) answer(res, response.status, response.body ?? {});
        return;
      }

      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        const error = { errors: [{ code: "10009", title: "Authentication failed", detail: "Could not understand the provided credentials." }] };
        record(401, error);
        return answer(res, 401, error);
      }

      let status = 200;
      let response: unknown;
      const action = path.match(/^\/v2\/calls\/([^/]+)\/actions\/([a-z_]+)$/);
      if (req.method === "POST" && action) {
        response = { data: { result: "ok", ...(action[2] === "record_start" ? { recording_id: `rec-${++counter}` } : {}) } };
      } else if (req.method === "POST" && path === "/v2/calls" && typeof body.command_id === "string" && dialed.has(body.command_id)) {
        // Telnyx ignores a repeated command_id: no second call, the first one's leg.
        response = dialed.get(body.command_id);
      } else if (req.method === "POST" && path === "/v2/calls") {
        const n = ++counter;
        const session = typeof body.link_to === "string" ? `session-of-${body.link_to}` : `fake-session-${n}`;
        response = {
          data: {
            call_control_id: `v3:fake-dialed-${n}`,
            call_leg_id: `fake-leg-${n}`,
            call_session_id: session,
            client_state: body.client_state ?? null,
            is_alive: false,
            record_type: "call",
          },
        };
        placed.push(body);
        if (typeof body.command_id === "string") dialed.set(body.command_id, response);
      } else if (req.method === "GET" && path.startsWith("/v2/recordings/") && recordings.has(path.slice("/v2/recordings/".length))) {
        const id = path.slice("/v2/recordings/".length);
        const urls = recordings.get(id)!;
        response = {
          data: { id, record_type: "recording", status: "completed", channels: "dual", download_urls: { mp3: urls.mp3 ?? null, wav: urls.wav ?? null } },
        };
      } else if (req.method === "GET" && path === "/v2/phone_numbers") {
        response = listAccountNumbers(accountNumbers, query);
      } else if (req.method === "POST" && path === "/v2/messages") {
        const n = ++counter;
        response = {
          data: {
            id: `fake-msg-${n}-${randomUUID()}`,
            record_type: "message",
            direction: "outbound",
            type: "SMS",
            from: { phone_number: body.from ?? null },
            to: [{ phone_number: body.to ?? null, status: "queued" }],
            text: body.text ?? null,
            messaging_profile_id: body.messaging_profile_id ?? null,
          },
        };
      } else {
        status = 404;
        response = { errors: [{ code: "10005", title: "Resource not found", detail: `${req.method} ${path}` }] };
      }
      record(status, response);
      const delayIndex = delays.findIndex((d) => matches(d.pattern, path));
      if (delayIndex >= 0) {
        const { delayMs } = delays.splice(delayIndex, 1)[0]!;
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
        if (res.destroyed) return;
      }
      answer(res, status, response);
    })().catch((error: unknown) => {
      if (!res.headersSent) answer(res, 500, { errors: [{ title: String(error) }] });
    });
  });
  /** The control surface of `options.control` (never authenticated: it exists only in tests). */
  const control = (method: string, path: string, query: Record<string, string>, body: Record<string, unknown>, res: ServerResponse) => {
    if (method === "GET" && path === "/__fake/requests") {
      const found = requests
        .filter((r) => (!query.method || r.method === query.method) && (!query.path || r.path === query.path) && (!query.prefix || r.path.startsWith(query.prefix)))
        .map(({ headers: _headers, ...rest }) => rest);
      return answer(res, 200, { data: found });
    }
    if (method === "POST" && path === "/__fake/account-numbers" && typeof body.phone_number === "string") {
      const added: FakeAccountNumber = { id: `fake-number-${++counter}`, ...(body as Omit<FakeAccountNumber, "id">) };
      accountNumbers = [...accountNumbers.filter((n) => n.phone_number !== added.phone_number), added];
      return answer(res, 200, { data: added });
    }
    return answer(res, 404, { errors: [{ title: `no fake control ${method} ${path}` }] });
  };

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v2`,
    apiKey,
    requests,
    find(path, method = "POST") {
      return requests.filter((r) => r.method === method && matches(path, r.path));
    },
    placedCalls() {
      return [...placed];
    },
    actionsFor(callControlId) {
      const prefix = `/v2/calls/${callControlId}/actions/`;
      return requests.filter((r) => r.path.startsWith(prefix));
    },
    setRecording(id, urls) {
      recordings.set(id, urls);
    },
    setAccountNumbers(numbers) {
      accountNumbers = [...numbers];
    },
    delayNext(path, delayMs) {
      delays.push({ pattern: path, delayMs });
    },
    respondNext(path, response) {
      scripted.push({ pattern: path, response });
    },
    reset() {
      requests.length = 0;
      scripted.length = 0;
      delays.length = 0;
      placed.length = 0;
      dialed.clear();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * GET /v2/phone_numbers like Telnyx: filter[phone_number] matches numbers containing those digits
 * (any non-digit matches nothing), page[size] (default 20, at most 250) and page[number] page it.
 */
function listAccountNumbers(numbers: FakeAccountNumber[], query: Record<string, string>) {
  const filter = query["filter[phone_number]"];
  const matching =
    filter === undefined ? numbers : /^\d+$/.test(filter) ? numbers.filter((n) => n.phone_number.replace(/\D/g, "").includes(filter)) : [];
  const size = Math.min(250, Math.max(1, Number(query["page[size]"] ?? 20) || 20));
  const page = Math.max(1, Number(query["page[number]"] ?? 1) || 1);
  const totalPages = Math.max(1, Math.ceil(matching.length / size));
  return {
    data: matching.slice((page - 1) * size, page * size).map((n) => ({
      record_type: "phone_number",
      status: "active",
      connection_id: null,
      connection_name: null,
      messaging_profile_id: null,
      messaging_profile_name: null,
      tags: [],
      phone_number_type: "local",
      created_at: "2026-01-05T10:00:00.000Z",
      purchased_at: "2026-01-05T10:00:00.000Z",
      ...n,
    })),
    meta: { page_number: page, page_size: size, total_pages: totalPages, total_results: matching.length },
  };
}

/** The Call Control action name of a recorded request ("answer", "record_start", ...). */
export function actionName(request: RecordedRequest): string | null {
  return request.path.match(/\/actions\/([a-z_]+)$/)?.[1] ?? null;
}
