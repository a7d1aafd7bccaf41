import type { JobHandler } from "~/server/queue/worker";
import { rescoreStaleContacts } from "~/server/scoring";

export const contactsRescoreStale: JobHandler<"contacts.rescore-stale"> = async (_payload, { db, logger }) => {
  const count = await rescoreStaleContacts(db);
  if (count) logger.info({ count }, "recomputed aged relationship scores");
};
