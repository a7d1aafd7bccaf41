import { rebuildSearchIndex, searchIndexStatus } from "~/server/search/embeddings/status";
import { searchQueryInput } from "~/server/search/schemas";
import { searchEverything } from "~/server/search/search";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const searchRouter = createTRPCRouter({
  /** Search everything (⌘K, /search): the signed-in user's contacts, calls, messages, tasks, events and reminders. */
  query: protectedProcedure.input(searchQueryInput).query(({ ctx, input }) => searchEverything(ctx, ctx.userId, input)),
  /** The Jobs page's search index card: per type, the user's rows and those with a current vector; their search.embed job. */
  indexStatus: protectedProcedure.query(({ ctx }) => searchIndexStatus(ctx, ctx.userId)),
  /** Embeds all of the user's data again (the card's Rebuild). */
  rebuildIndex: protectedProcedure.mutation(({ ctx }) => rebuildSearchIndex(ctx, ctx.userId)),
});
