import type { Services } from "~/server/services";
import { parseJobPayload } from "~/server/queue/jobs";
import { derivedJobId } from "./occurrences";

/** An occurrence this late and still `scheduled` has lost its due job (a healthy one runs within seconds). */
export const SWEEP_AFTER_MINUTES = 15;
const SWEEP_BATCH = 1000;

/**
 * The safety net under the chain: re-queues the due job of every occurrence still `scheduled`
 * more than SWEEP_AFTER_MINUTES after its time. The job decides missed or late as usual, and
 * does nothing if the original job got there first. Returns how many were re-queued.
 */
export async function sweepLostOccurrences(deps: Pick<Services, "db" | "jobs" | "now">): Promise<number> {
  const now = deps.now();
  const cutoff = new Date(now.getTime() - SWEEP_AFTER_MINUTES * 60_000);
  const lost = await deps.db.reminderOccurrence.findMany({
    where: { state: "scheduled", dueAt: { lt: cutoff } },
    orderBy: { dueAt: "asc" },
    take: SWEEP_BATCH,
    select: { id: true },
  });
  if (lost.length === 0) return 0;
  const boss = await deps.jobs();
  // One sweep job per occurrence per sweep window: a sweep that runs twice queues it once.
  const window = Math.floor(now.getTime() / (SWEEP_AFTER_MINUTES * 60_000));
  let queued = 0;
  for (const { id } of lost) {
    // pg-boss answers null for an id it has: this window's sweep queued it already.
    const sent = await boss.send("reminders.due", parseJobPayload("reminders.due", { occurrenceId: id }), { id: derivedJobId(`reminders.due:sweep:${id}:${window}`) });
    if (sent) queued += 1;
  }
  return queued;
}
