import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/**
 * The WebSocket plumbing the streaming provider fakes (Deepgram live, ElevenLabs) share, as
 * provider-server.ts is for the HTTP ones: a `node:http` server on 127.0.0.1:0 that answers plain
 * requests 404, checks each upgrade (path, the provider's auth) before the socket opens, can be
 * told to refuse the next upgrades with a status, keeps every accepted connection's record, and can
 * drop them all at once (a provider failing mid-stream).
 */

/** What every fake records of an accepted connection. */
export interface WsConnectionRecord {
  open: boolean;
  /** The client closed (or went away) rather than the fake. */
  closedByClient: boolean;
  /** The close code once closed. */
  closeCode: number | null;
}

export interface FakeWsServerHandlers<C extends WsConnectionRecord> {
  /** 101 to accept the upgrade, else the status to refuse it with (404 unknown path, 401 bad key). */
  check(url: URL, req: IncomingMessage): number;
  /** The provider's error body for a refused upgrade or a plain request (404). */
  errorBody(status: number): unknown;
  /** An accepted connection: its record, and its socket's messages and end. */
  accept(url: URL, req: IncomingMessage, ws: WebSocket): { record: C; onMessage(data: Buffer, isBinary: boolean): void; onClose(): void };
  /** The close reason `dropAll` gives. */
  dropReason: string;
}

export interface FakeWsServer<C extends WsConnectionRecord> {
  port: number;
  connections(): C[];
  /** Upgrades refused (bad key, unknown path, `refuseNext`). */
  refused(): { path: string; status: number }[];
  /** Close every open connection with `code` (default 1011; 1006: drop the TCP connection, no close frame). */
  dropAll(code?: number): void;
  /** Answer the next upgrade that passes `check` with this HTTP status (queued). */
  refuseNext(status: number): void;
  close(): Promise<void>;
}

export async function startFakeWsServer<C extends WsConnectionRecord>(handlers: FakeWsServerHandlers<C>): Promise<FakeWsServer<C>> {
  const connections: C[] = [];
  const sockets = new Map<C, WebSocket>();
  const refused: { path: string; status: number }[] = [];
  const refusals: number[] = [];

  const server = createServer((_req, res) => {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify(handlers.errorBody(404)));
  });
  const wss = new WebSocketServer({ noServer: true });

  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const checked = handlers.check(url, req);
    const status = checked === 101 ? (refusals.shift() ?? 101) : checked;
    if (status !== 101) {
      refused.push({ path: url.pathname, status });
      const body = JSON.stringify(handlers.errorBody(status));
      socket.end(`HTTP/1.1 ${status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const { record, onMessage, onClose } = handlers.accept(url, req, ws);
      connections.push(record);
      sockets.set(record, ws);
      ws.on("message", (data: Buffer, isBinary) => onMessage(data, isBinary));
      ws.on("close", (code) => {
        record.open = false;
        record.closeCode = code;
        sockets.delete(record);
        onClose();
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    connections: () => [...connections],
    refused: () => [...refused],
    dropAll(code = 1011) {
      for (const [record, ws] of sockets) {
        record.closedByClient = false;
        if (code === 1006) ws.terminate();
        else ws.close(code, handlers.dropReason);
      }
    },
    refuseNext(status) {
      refusals.push(status);
    },
    close() {
      for (const [record, ws] of sockets) {
        record.closedByClient = false;
        ws.terminate();
      }
      wss.close();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
