import { searchQueryInput } from "~/server/search/schemas";
import { searchEverything } from "~/server/search/search";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const searchRouter = createTRPCRouter({
  /** Search everything (⌘K, /search): the signed-in user's contacts, calls, messages, tasks, events and reminders. */
  query: protectedProcedure.input(searchQueryInput).query(({ ctx, input }) => searchEverything(ctx, ctx.userId, input)),
});
