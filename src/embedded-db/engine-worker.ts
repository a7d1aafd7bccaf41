/**
 * The engine thread: PGlite runs here, one request at a time, in the order they arrive.
 *
 * PGlite runs PostgreSQL in WASM on the thread that calls it, and a query stuck in WASM blocks
 * that thread for good. Here it blocks only this thread: the host (engine.ts) keeps serving the
 * wire protocol, notices the missed deadline and stops this thread with worker.terminate().
 *
 * Besides answering, this thread tells the host when PGlite can no longer be trusted, because
 * after some failures it keeps "answering" wrongly instead of hanging: a PANIC in its output;
 * an exception out of execProtocolRaw (WASM abort; SQL errors come back as ErrorResponse
 * bytes); or a round that must end with ReadyForQuery (a Query or a Sync) that does not (after a
 * WASM stack overflow PGlite answers every later query with nothing at all).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { PGlite } from "@electric-sql/pglite";
import { fsyncsDone } from "./durability";
import type { EngineReply, EngineRequest, EngineWorkerData, EngineWorkerStats } from "./engine-types";
import { openPGlite } from "./pglite";
import { panicMessage, roundExpectsReady, trailingReadyStatus } from "./protocol";

const port = parentPort;
if (!port) throw new Error("engine-worker.ts runs as a worker thread (see engine.ts)");
const post = (reply: EngineReply, transfer?: ArrayBuffer[]) => port.postMessage(reply, transfer);

async function handle(db: PGlite, req: EngineRequest): Promise<void> {
  switch (req.op) {
    case "raw": {
      let out: Uint8Array;
      try {
        out = await db.execProtocolRaw(req.bytes);
      } catch (err) {
        return post({ kind: "broken", id: req.id, reason: `PGlite failed: ${errorText(err)}` });
      }
      const panic = panicMessage(out);
      if (panic !== null) return post({ kind: "broken", id: req.id, reason: `PGlite panicked: ${panic}` });
      if (trailingReadyStatus(out) === null && roundExpectsReady(req.bytes)) {
        return post({ kind: "broken", id: req.id, reason: "PGlite stopped answering (a round ended without ReadyForQuery)" });
      }
      // Hand the bytes over without a copy when they are a buffer of their own (never WASM memory).
      const own = out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? out : out.slice();
      return post({ kind: "result", id: req.id, value: own }, [own.buffer as ArrayBuffer]);
    }
    case "query":
    case "exec": {
      try {
        const value = req.op === "query" ? await db.query(req.sql, req.params) : await db.exec(req.sql);
        return post({ kind: "result", id: req.id, value });
      } catch (err) {
        const fields = sqlErrorFields(err);
        if (!fields) return post({ kind: "broken", id: req.id, reason: `PGlite failed: ${errorText(err)}` });
        if (fields.severity === "PANIC") return post({ kind: "broken", id: req.id, reason: `PGlite panicked: ${errorText(err)}` });
        return post({ kind: "error", id: req.id, error: { message: errorText(err), name: (err as Error).name, fields } });
      }
    }
    case "dump": {
      const blob = await db.dumpDataDir(req.compression);
      const bytes = await blob.arrayBuffer();
      return post({ kind: "result", id: req.id, value: bytes }, [bytes]);
    }
    case "stats": {
      const stats: EngineWorkerStats = { fsyncs: fsyncsDone() };
      return post({ kind: "result", id: req.id, value: stats });
    }
    case "close": {
      await db.close();
      return post({ kind: "result", id: req.id, value: null });
    }
  }
}

/** PostgreSQL's fields of an SQL error PGlite threw (a DatabaseError), or null for anything else. */
function sqlErrorFields(err: unknown): Record<string, unknown> | null {
  if (!(err instanceof Error) || typeof (err as { severity?: unknown }).severity !== "string") return null;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(err)) {
    if (typeof value === "string" || typeof value === "number") fields[key] = value;
  }
  return fields;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const data = workerData as EngineWorkerData;
const db = await openPGlite({
  dataDir: data.dataDir,
  loadDataDir: data.loadDataDir ? new Blob([data.loadDataDir]) : undefined,
  fsync: data.fsync,
}).catch((err: unknown) => {
  // The host stops this thread when it reads this.
  post({ kind: "start-failed", message: errorText(err) });
  return null;
});
if (db) {
  let queue = Promise.resolve();
  port.on("message", (req: EngineRequest) => {
    queue = queue.then(() =>
      handle(db, req).catch((err: unknown) => post({ kind: "broken", id: req.id, reason: `PGlite failed: ${errorText(err)}` })),
    );
  });
  post({ kind: "ready" });
}
