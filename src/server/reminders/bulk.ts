import type { Services } from "~/server/services";
import { scheduleOccurrence, type ScheduleTarget } from "./occurrences";

/**
 * Schedules many occurrences (row + due job each, as the service does one at a time), a batch per
 * transaction: for the reminders benchmark and imports, where 10,000 single transactions would be
 * the measurement. Existing (reminder, dueAt) rows are kept, never duplicated. Returns the ids.
 */
export async function scheduleOccurrences(
  deps: Pick<Services, "db" | "jobs" | "now">,
  targets: readonly ScheduleTarget[],
  batchSize = 250,
): Promise<string[]> {
  const boss = await deps.jobs();
  const ids: string[] = [];
  for (let i = 0; i < targets.length; i += batchSize) {
    const batch = targets.slice(i, i + batchSize);
    const now = deps.now();
    const created = await deps.db.$transaction(
      async (tx) => {
        const out: string[] = [];
        for (const target of batch) {
          const id = await scheduleOccurrence(tx, boss, target, now);
          if (id) out.push(id);
        }
        return out;
      },
      { timeout: 120_000 },
    );
    ids.push(...created);
  }
  return ids;
}
