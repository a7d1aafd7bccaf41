import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Db } from "~/server/db";
import type { Logger } from "~/server/logger";
import { MediaStreamConnection, parseInboundFrame, type InboundFrame } from "./media-stream";
import { claimStreamToken, type ClaimedStream } from "./stream-tokens";

/** Where Telnyx connects: `wss://<PUBLIC_URL host>/voice/stream` (the reverse proxy routes it here). */
export const STREAM_PATH = "/voice/stream";
/** The header Telnyx puts the stream's `stream_auth_token` in, on the WebSocket upgrade. */
export const STREAM_TOKEN_HEADER = "x-telnyx-streaming-auth-token";
/**
 * The largest frame accepted. Telnyx's media frames carry 20 ms (160 bytes of μ-law, ~300 bytes
 * of JSON); anything near this is not Telnyx, and `ws` closes the socket (1009) without buffering it.
 */
export const MAX_FRAME_BYTES = 64 * 1024;

/** What runs an authenticated stream: its frames in order, and its end. */
export interface StreamSession {
  onFrame(frame: InboundFrame): void | Promise<void>;
  onEnd(): void | Promise<void>;
}

export interface VoiceServerOptions {
  db: Db;
  logger: Logger;
  port: number;
  host?: string;
  now?: () => Date;
  /** A stream passed authentication: what handles it (the agent, a reminder call's conversation). */
  openSession(stream: ClaimedStream, connection: MediaStreamConnection): StreamSession;
}

export interface VoiceServer {
  port: number;
  /** Streams open now. */
  streams(): number;
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: 401 | 404 | 503, text: string) {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The voice process's server: `GET /health`, and WebSocket upgrades on STREAM_PATH. An upgrade is
 * accepted only with a token claimed from the database (issued for this call, unexpired, never
 * used before); anything else is refused with 401 before the socket opens, without reading or
 * touching any call. An accepted stream's frames go to the session `openSession` returns.
 */
export async function startVoiceServer(options: VoiceServerOptions): Promise<VoiceServer> {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  const open = new Set<WebSocket>();
  /** Each stream's pending work (its frames, its end): closing waits for it (the transcript is saved at the end). */
  const pending = new Set<Promise<void>>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/health") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, streams: open.size }));
      return;
    }
    res.writeHead(404).end();
  });

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void (async () => {
      const path = new URL(req.url ?? "/", "http://voice").pathname;
      if (path !== STREAM_PATH) return refuse(socket, 404, "Not Found");
      const header = req.headers[STREAM_TOKEN_HEADER];
      const stream = await claimStreamToken(db, Array.isArray(header) ? header[0] : header, now());
      if (!stream) {
        // The token itself is never logged: it is a credential while unused.
        logger.warn({ remote: req.socket.remoteAddress, token: header ? "refused" : "missing" }, "voice stream refused: no valid stream token");
        return refuse(socket, 401, "Unauthorized");
      }
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws, stream));
    })().catch((error: unknown) => {
      logger.error({ err: error }, "voice stream upgrade failed");
      if (!socket.destroyed) refuse(socket, 503, "Service Unavailable");
    });
  });

  function accept(ws: WebSocket, stream: ClaimedStream) {
    open.add(ws);
    const log = logger.child({ voiceStream: stream.id, callId: stream.callId });
    const session = options.openSession(stream, new MediaStreamConnection(ws));
    // Frames are handled one at a time, in order, whatever each handler awaits.
    let queue = Promise.resolve();
    const run = (work: () => void | Promise<void>) => {
      pending.delete(queue);
      queue = queue.then(work).catch((error: unknown) => {
        log.error({ err: error }, "voice stream handler failed");
        ws.close(1011, "internal error");
      });
      pending.add(queue);
    };
    ws.on("message", (data, isBinary) => {
      const frame = isBinary ? null : parseInboundFrame(data.toString("utf8"));
      if (!frame) {
        log.warn("voice stream: a frame that is not Telnyx's, ignored");
        return;
      }
      if (frame.event === "start" && frame.streamId) {
        const telnyxStreamId = frame.streamId;
        run(() => db.voiceStream.updateMany({ where: { id: stream.id, telnyxStreamId: null }, data: { telnyxStreamId } }).then(() => undefined));
      }
      run(() => session.onFrame(frame));
    });
    ws.on("error", (error) => log.warn({ err: error }, "voice stream socket error"));
    ws.on("close", () => {
      open.delete(ws);
      run(() => session.onEnd());
      run(() => db.voiceStream.updateMany({ where: { id: stream.id, endedAt: null }, data: { endedAt: now() } }).then(() => undefined));
      const last = queue;
      void last.then(() => pending.delete(last));
    });
  }

  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? "0.0.0.0", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    streams: () => open.size,
    async close() {
      const closed = [...open].map((ws) => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once("close", () => resolve()))));
      for (const ws of open) ws.close(1001, "voice process stopping");
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Each conversation ends and saves what it has (bounded: a stuck one does not hold shutdown).
      await Promise.race([Promise.all(closed).then(() => Promise.all(pending)), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    },
  };
}
