import { z } from "zod";

/** Input schemas of the notifications router (the bell). */

export const listNotificationsInput = z.object({
  unreadOnly: z.boolean().default(false),
  limit: z.number().int().min(1).max(100).default(20),
  /** `nextCursor` of the previous page. */
  cursor: z.string().max(200).nullish(),
});

export const markNotificationsReadInput = z.object({
  ids: z.array(z.string().min(1).max(64)).min(1, "Choose at least one notification.").max(500),
});
