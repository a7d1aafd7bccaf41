/**
 * `npm run bench`: every benchmark in one run, JSON on stdout (progress on stderr).
 * `npm run bench -- embedded-db` runs only the named ones.
 */
// .env / .env.local first: ~/env validates process.env when it is imported.
import "../../src/load-env";
import { benchCallControl } from "./call-control";
import { benchCallSearch } from "./call-search";
import { benchContacts } from "./contacts";
import { benchEmbeddedDb } from "./embedded-db";
import { benchPipeline } from "./pipeline";
import { benchRecovery } from "./recovery";
import { benchReminders } from "./reminders";
import { benchSearch } from "./search";
import { benchSearchQuality } from "./search-quality";
import { benchVoice } from "./voice";
import { benchWebhooks } from "./webhooks";

const benchmarks: Record<string, () => Promise<Record<string, unknown>>> = {
  "embedded-db": benchEmbeddedDb,
  contacts: benchContacts,
  webhooks: benchWebhooks,
  pipeline: benchPipeline,
  "call-search": benchCallSearch,
  "call-control": benchCallControl,
  recovery: benchRecovery,
  reminders: benchReminders,
  voice: benchVoice,
  search: benchSearch,
  "search-quality": benchSearchQuality,
};

const selected = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const unknown = selected.filter((name) => !(name in benchmarks));
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(", ")}. Known: ${Object.keys(benchmarks).join(", ")}`);
  process.exit(1);
}

const results: Record<string, unknown>[] = [];
for (const [name, run] of Object.entries(benchmarks)) {
  if (selected.length && !selected.includes(name)) continue;
  console.error(`running ${name}…`);
  results.push(await run());
}
console.log(JSON.stringify({ machine: { node: process.version, cpus: (await import("node:os")).cpus().length }, results }, null, 2));
