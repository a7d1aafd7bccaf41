/**
 * Minimal PostgreSQL v3 wire-protocol helpers for the embedded server's proxy: constants,
 * encoders for the few backend messages the proxy synthesizes itself, encoders for the frontend
 * messages it sends to PGlite on its own behalf, and readers for PGlite's responses.
 * Reference: https://www.postgresql.org/docs/current/protocol-message-formats.html
 */

export const PROTOCOL_3_0 = 196608; // 3 << 16
export const SSL_REQUEST_CODE = 80877103;
export const GSSENC_REQUEST_CODE = 80877104;
export const CANCEL_REQUEST_CODE = 80877102;
/** PostgreSQL's own limit for a startup packet. */
export const MAX_STARTUP_PACKET_LENGTH = 10_000;
/** PostgreSQL's limit for any message (PQ_LARGE_MESSAGE_LIMIT). */
export const MAX_MESSAGE_LENGTH = 0x3fffffff;

/** Frontend message type bytes. */
export const F = {
  Query: 0x51, // Q
  Parse: 0x50, // P
  Bind: 0x42, // B
  Execute: 0x45, // E
  Describe: 0x44, // D
  Close: 0x43, // C
  Sync: 0x53, // S
  Flush: 0x48, // H
  FunctionCall: 0x46, // F
  CopyData: 0x64, // d
  CopyDone: 0x63, // c
  CopyFail: 0x66, // f
  Terminate: 0x58, // X
  /** PasswordMessage, SASLInitialResponse and SASLResponse share this type byte. */
  SASLResponse: 0x70, // p
} as const;

/** Backend message type bytes the proxy looks at. */
export const B = {
  ReadyForQuery: 0x5a, // Z
  ErrorResponse: 0x45, // E
  DataRow: 0x44, // D
  CopyInResponse: 0x47, // G
} as const;

export type TxStatus = "I" | "T" | "E";

function cstr(s: string): Buffer {
  const b = Buffer.from(s, "utf8");
  const out = Buffer.allocUnsafe(b.length + 1);
  b.copy(out, 0);
  out[b.length] = 0;
  return out;
}

function message(type: number, body: Buffer | Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + body.length);
  out[0] = type;
  out.writeInt32BE(4 + body.length, 1);
  out.set(body, 5);
  return out;
}

// ---------------------------------------------------------------- backend messages we synthesize

export function authenticationOk(): Buffer {
  const b = Buffer.alloc(4);
  return message(0x52 /* R */, b);
}

function authentication(code: number, data: Buffer): Buffer {
  const head = Buffer.allocUnsafe(4);
  head.writeInt32BE(code, 0);
  return message(0x52 /* R */, Buffer.concat([head, data]));
}

/** AuthenticationSASL: the mechanisms the server offers, then an empty string. */
export function authenticationSASL(mechanisms: string[]): Buffer {
  return authentication(10, Buffer.concat([...mechanisms.map(cstr), Buffer.from([0])]));
}

/** AuthenticationSASLContinue: the server-first-message. */
export function authenticationSASLContinue(data: string): Buffer {
  return authentication(11, Buffer.from(data, "utf8"));
}

/** AuthenticationSASLFinal: the server-final-message (its signature proves the server knows the verifier). */
export function authenticationSASLFinal(data: string): Buffer {
  return authentication(12, Buffer.from(data, "utf8"));
}

export function parameterStatus(name: string, value: string): Buffer {
  return message(0x53 /* S */, Buffer.concat([cstr(name), cstr(value)]));
}

export function backendKeyData(pid: number, secret: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeInt32BE(pid | 0, 0);
  b.writeInt32BE(secret | 0, 4);
  return message(0x4b /* K */, b);
}

export function readyForQuery(status: TxStatus): Buffer {
  return message(B.ReadyForQuery, Buffer.from(status, "latin1"));
}

/** NegotiateProtocolVersion: we speak 3.0 only, and list the `_pq_.` options we did not honour. */
export function negotiateProtocolVersion(minor: number, unrecognized: string[]): Buffer {
  const head = Buffer.allocUnsafe(8);
  head.writeInt32BE(minor, 0);
  head.writeInt32BE(unrecognized.length, 4);
  return message(0x76 /* v */, Buffer.concat([head, ...unrecognized.map(cstr)]));
}

export interface ErrorFields {
  severity: "ERROR" | "FATAL" | "WARNING" | "NOTICE";
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

export function errorResponse(f: ErrorFields): Buffer {
  const parts: Buffer[] = [];
  const field = (code: string, value: string | undefined) => {
    if (value === undefined) return;
    parts.push(Buffer.from(code, "latin1"), cstr(value));
  };
  field("S", f.severity);
  field("V", f.severity);
  field("C", f.code);
  field("M", f.message);
  field("D", f.detail);
  field("H", f.hint);
  parts.push(Buffer.from([0]));
  return message(B.ErrorResponse, Buffer.concat(parts));
}

// ------------------------------------------------------ frontend messages we send to PGlite

export function queryMessage(sql: string): Buffer {
  return message(F.Query, cstr(sql));
}

export function syncMessage(): Buffer {
  return message(F.Sync, Buffer.alloc(0));
}

export function closeStatementMessage(name: string): Buffer {
  return message(F.Close, Buffer.concat([Buffer.from("S", "latin1"), cstr(name)]));
}

export function copyFailMessage(reason: string): Buffer {
  return message(F.CopyFail, cstr(reason));
}

// -------------------------------------------------------------------- reading PGlite's output

/** Transaction status of a response that ends with ReadyForQuery, or null if it does not. */
export function trailingReadyStatus(out: Uint8Array): TxStatus | null {
  const n = out.length;
  if (n < 6) return null;
  if (out[n - 6] !== B.ReadyForQuery || out[n - 5] !== 0 || out[n - 4] !== 0 || out[n - 3] !== 0 || out[n - 2] !== 5) {
    return null;
  }
  const s = out[n - 1];
  return s === 0x49 ? "I" : s === 0x54 ? "T" : s === 0x45 ? "E" : null;
}

export interface BackendMessage {
  type: number;
  body: Buffer;
}

/** Splits a complete backend byte stream into messages (used only off the hot path). */
export function splitBackendMessages(out: Uint8Array): BackendMessage[] {
  const buf = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  const msgs: BackendMessage[] = [];
  let i = 0;
  while (i + 5 <= buf.length) {
    const len = buf.readInt32BE(i + 1);
    if (len < 4 || i + 1 + len > buf.length) break;
    msgs.push({ type: buf[i]!, body: buf.subarray(i + 5, i + 1 + len) });
    i += 1 + len;
  }
  return msgs;
}

/** Text columns of every DataRow in a response (NULL -> null). */
export function dataRows(out: Uint8Array): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (const m of splitBackendMessages(out)) {
    if (m.type !== B.DataRow) continue;
    const n = m.body.readInt16BE(0);
    let p = 2;
    const row: (string | null)[] = [];
    for (let c = 0; c < n; c++) {
      const len = m.body.readInt32BE(p);
      p += 4;
      if (len < 0) {
        row.push(null);
      } else {
        row.push(m.body.toString("utf8", p, p + len));
        p += len;
      }
    }
    rows.push(row);
  }
  return rows;
}

/** Fields of the first ErrorResponse in a response, keyed by their one-letter code. */
export function firstError(out: Uint8Array): Record<string, string> | null {
  for (const m of splitBackendMessages(out)) {
    if (m.type !== B.ErrorResponse) continue;
    return errorFields(m.body);
  }
  return null;
}

/** Reads a NUL-terminated string at `start`; returns the string and the offset after the NUL. */
export function readCString(buf: Buffer, start: number, end: number): [string, number] {
  const nul = buf.indexOf(0, start);
  if (nul < 0 || nul >= end) throw new Error("malformed message: unterminated string");
  return [buf.toString("utf8", start, nul), nul + 1];
}

// ------------------------------------------------------------- telling a broken engine apart

/**
 * Whether PostgreSQL must end its answer to `input` (whole frontend messages) with
 * ReadyForQuery: its last message is a Sync, a simple Query or a FunctionCall (copy messages
 * after it, the proxy's COPY safety net, do not change that). A round ending in Flush or
 * mid-extended-protocol legitimately ends without one.
 */
export function roundExpectsReady(input: Uint8Array): boolean {
  let last = 0;
  let i = 0;
  const n = input.length;
  while (i + 5 <= n) {
    const type = input[i]!;
    const len = ((input[i + 1]! << 24) | (input[i + 2]! << 16) | (input[i + 3]! << 8) | input[i + 4]!) >>> 0;
    if (len < 4) return false;
    if (type !== F.CopyData && type !== F.CopyDone && type !== F.CopyFail) last = type;
    i += 1 + len;
  }
  return last === F.Sync || last === F.Query || last === F.FunctionCall;
}

/** The message of a PANIC ErrorResponse in `out`, or null (a scan of the headers, no copies). */
export function panicMessage(out: Uint8Array): string | null {
  let i = 0;
  const n = out.length;
  while (i + 5 <= n) {
    const type = out[i]!;
    const len = ((out[i + 1]! << 24) | (out[i + 2]! << 16) | (out[i + 3]! << 8) | out[i + 4]!) >>> 0;
    if (len < 4 || i + 1 + len > n) return null;
    if (type === B.ErrorResponse) {
      const fields = errorFields(Buffer.from(out.buffer, out.byteOffset + i + 5, len - 4));
      if (fields.S === "PANIC" || fields.V === "PANIC") return fields.M ?? "PANIC";
    }
    i += 1 + len;
  }
  return null;
}

function errorFields(body: Buffer): Record<string, string> {
  const fields: Record<string, string> = {};
  let p = 0;
  while (p < body.length && body[p] !== 0) {
    const code = String.fromCharCode(body[p]!);
    const end = body.indexOf(0, p + 1);
    if (end < 0) break;
    fields[code] = body.toString("utf8", p + 1, end);
    p = end + 1;
  }
  return fields;
}
