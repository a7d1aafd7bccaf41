// The engine thread's entry (see engine.ts): engine-worker.ts is TypeScript, so the thread loads
// it through tsx (a dependency: every entry point runs on it), whatever runs the parent thread
// (tsx, vitest). Plain JavaScript because nothing can load TypeScript before this line runs.
import { register } from "tsx/esm/api";

register();
await import("./engine-worker.ts");
