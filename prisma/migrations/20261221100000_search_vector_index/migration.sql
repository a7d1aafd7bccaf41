-- Search by meaning in one index scan (issue 14). Search everything ranks meaning across types by
-- cosine distance (src/server/search/fusion.ts): that is one nearest-neighbour search over all of
-- a user's vectors, and one HNSW scan costs the same whatever the index holds (it grows with the
-- log of it), where seven scans (five types, calls, transcript pieces) cost seven times as much:
-- on the embedded database, tens of ms each.
--
-- "SearchVector" holds a copy of every vector that search compares: one row per contact, message,
-- task, event, reminder and call with a vector, and one per transcript piece (type 'piece', the
-- call's id, the piece's seq and start). The copies are kept by triggers on the tables the
-- vectors are written to, so no write path (the search.embed job, the call's embed stage, a
-- rebuild, a delete, a cascade) can forget one. The source tables' own HNSW indexes go, except
-- the calls' (the Calls page's search ranks calls alone); their columns stay the record the
-- index status counts.

CREATE TABLE "SearchVector" (
    "type" TEXT NOT NULL,
    "rowId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "userId" TEXT NOT NULL,
    "startSeconds" DOUBLE PRECISION,
    "embedding" halfvec(1024) NOT NULL,
    "embeddingModel" TEXT NOT NULL,
    CONSTRAINT "SearchVector_pkey" PRIMARY KEY ("type", "rowId", "seq")
);
CREATE INDEX "SearchVector_userId_idx" ON "SearchVector" ("userId");
ALTER TABLE "SearchVector" ADD CONSTRAINT "SearchVector_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A row's vector, copied (TG_ARGV[0]: its type). AFTER triggers: the row is written first.
CREATE OR REPLACE FUNCTION "sb_search_vector_row"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM "SearchVector" WHERE "type" = TG_ARGV[0] AND "rowId" = OLD."id" AND "seq" = 0;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW."embedding" IS NOT NULL AND NEW."embeddingModel" IS NOT NULL THEN
    INSERT INTO "SearchVector" ("type", "rowId", "seq", "userId", "embedding", "embeddingModel")
    VALUES (TG_ARGV[0], NEW."id", 0, NEW."userId", NEW."embedding", NEW."embeddingModel");
  END IF;
  RETURN NULL;
END $$;

-- A transcript piece's vector, copied.
CREATE OR REPLACE FUNCTION "sb_search_vector_piece"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM "SearchVector" WHERE "type" = 'piece' AND "rowId" = OLD."callId" AND "seq" = OLD."seq";
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO "SearchVector" ("type", "rowId", "seq", "userId", "startSeconds", "embedding", "embeddingModel")
    VALUES ('piece', NEW."callId", NEW."seq", NEW."userId", NEW."startSeconds", NEW."embedding", NEW."embeddingModel");
  END IF;
  RETURN NULL;
END $$;

-- Only when the vector changes: an edit of a row's other columns leaves its copy alone.
CREATE TRIGGER "Contact_search_vector" AFTER INSERT OR DELETE OR UPDATE OF "embedding", "embeddingModel" ON "Contact"
  FOR EACH ROW EXECUTE FUNCTION "sb_search_vector_row"('contact');
CREATE TRIGGER "Message_search_vector" AFTER INSERT OR DELETE OR UPDATE OF "embedding", "embeddingModel" ON "Message"
  FOR EACH ROW EXECUTE FUNCTION "sb_search_vector_row"('message');
CREATE TRIGGER "Task_search_vector" AFTER INSERT OR DELETE OR UPDATE OF "embedding", "embeddingModel" ON "Task"
  FOR EACH ROW EXECUTE FUNCTION "sb_search_vector_row"('task');
CREATE TRIGGER "CalendarEvent_search_vector" AFTER INSERT OR DELETE OR UPDATE OF "embedding", "embeddingModel" ON "CalendarEvent"
  FOR EACH ROW EXECUTE FUNCTION "sb_search_vector_row"('event');
CREATE TRIGGER "Reminder_search_vector" AFTER INSERT OR DELETE OR UPDATE OF "embedding", "embeddingModel" ON "Reminder"
  FOR EACH ROW EXECUTE FUNCTION "sb_search_vector_row"('reminder');
CREATE TRIGGER "Call_search_vector" AFTER INSERT OR DELETE OR UPDATE OF "embedding", "embeddingModel" ON "Call"
  FOR EACH ROW EXECUTE FUNCTION "sb_search_vector_row"('call');
CREATE TRIGGER "CallChunk_search_vector" AFTER INSERT OR DELETE OR UPDATE ON "CallChunk"
  FOR EACH ROW EXECUTE FUNCTION "sb_search_vector_piece"();

-- The vectors written before this migration are copied by the worker when it starts, a few
-- hundred rows per statement (copyMissingSearchVectors): one statement copying them all into the
-- HNSW index could run past the embedded database's watchdog (a minute) on a large install.
CREATE INDEX "SearchVector_embedding_hnsw_idx" ON "SearchVector" USING hnsw ("embedding" halfvec_cosine_ops);

DROP INDEX IF EXISTS "Contact_embedding_hnsw_idx";
DROP INDEX IF EXISTS "Message_embedding_hnsw_idx";
DROP INDEX IF EXISTS "Task_embedding_hnsw_idx";
DROP INDEX IF EXISTS "CalendarEvent_embedding_hnsw_idx";
DROP INDEX IF EXISTS "Reminder_embedding_hnsw_idx";
DROP INDEX IF EXISTS "CallChunk_embedding_hnsw_idx";
