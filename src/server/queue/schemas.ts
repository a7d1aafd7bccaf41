import { z } from "zod";
import { deadLetterQueue, jobNames, type JobName } from "./jobs";

/** Input schemas of the Jobs page (the jobs router): queues are the registry's and their dead letters. */

const deadQueues = jobNames.map(deadLetterQueue);
/** Every queue the registry owns: each job's queue and its dead-letter queue. */
export const queueNames: readonly string[] = [...jobNames, ...deadQueues];

export interface QueueRef {
  /** The registered job the queue belongs to. */
  job: JobName;
  /** True for `<job>.dead`. */
  dead: boolean;
}

export function parseQueueName(name: string): QueueRef | null {
  const job = jobNames.find((n) => n === name || deadLetterQueue(n) === name);
  return job ? { job, dead: job !== name } : null;
}

export const queueInput = z.string().refine((name) => parseQueueName(name) !== null, { message: "Unknown queue." });

export const failuresInput = z.object({
  queue: queueInput.optional(),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});

export const retryInput = z.object({ queue: queueInput, id: z.uuid({ message: "Not a job id." }) });
export const retryAllInput = z.object({ queue: queueInput });
