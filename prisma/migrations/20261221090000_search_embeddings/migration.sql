-- Search everything (issue 14): a vector for every searchable type, kept fresh by the
-- "search.embed" job (src/server/search/embeddings/).
--
-- Which rows need a (new) vector: "documentHash" is a stored generated column, the md5 of the text
-- the embedder reads (the same expression as src/server/search/embeddings/documents.ts; a test
-- checks they agree); "embeddedHash" is written by the job with the vector, from the text it read.
-- A row whose text changed after it was embedded (even while the job was embedding it) has the two
-- differ, and is embedded again: no trigger, no write path to remember. When the embedder's model
-- changes the worker clears "embeddedHash" of the other model's rows, so they differ too.
-- The partial indexes find those rows per user without reading the table.

ALTER TABLE "CalendarEvent" ADD COLUMN "embedding" halfvec(1024), ADD COLUMN "embeddingModel" TEXT;
ALTER TABLE "Reminder" ADD COLUMN "embedding" halfvec(1024), ADD COLUMN "embeddingModel" TEXT;
CREATE INDEX "CalendarEvent_embedding_hnsw_idx" ON "CalendarEvent" USING hnsw ("embedding" halfvec_cosine_ops);
CREATE INDEX "Reminder_embedding_hnsw_idx" ON "Reminder" USING hnsw ("embedding" halfvec_cosine_ops);

-- Contacts: name; company; job title; emails; tags; notes.
ALTER TABLE "Contact"
  ADD COLUMN "documentHash" TEXT GENERATED ALWAYS AS (md5(
    "firstName" || ' ' || coalesce("lastName", '') || E'\n' || coalesce("company", '') || E'\n' ||
    coalesce("jobTitle", '') || E'\n' || coalesce("sb_immutable_array_to_string"("emails", ' '), '') || E'\n' ||
    coalesce("sb_immutable_array_to_string"("tags", ', '), '') || E'\n' || coalesce("notes", '')
  )) STORED,
  ADD COLUMN "embeddedHash" TEXT;
CREATE INDEX "Contact_embedding_stale_idx" ON "Contact" ("userId") WHERE "embeddedHash" IS DISTINCT FROM "documentHash";

-- Messages: the body.
ALTER TABLE "Message"
  ADD COLUMN "documentHash" TEXT GENERATED ALWAYS AS (md5(coalesce("body", ''))) STORED,
  ADD COLUMN "embeddedHash" TEXT;
CREATE INDEX "Message_embedding_stale_idx" ON "Message" ("userId") WHERE "embeddedHash" IS DISTINCT FROM "documentHash";

-- Tasks: title; description; tags.
ALTER TABLE "Task"
  ADD COLUMN "documentHash" TEXT GENERATED ALWAYS AS (md5(
    "title" || E'\n' || coalesce("description", '') || E'\n' || coalesce("sb_immutable_array_to_string"("tags", ', '), '')
  )) STORED,
  ADD COLUMN "embeddedHash" TEXT;
CREATE INDEX "Task_embedding_stale_idx" ON "Task" ("userId") WHERE "embeddedHash" IS DISTINCT FROM "documentHash";

-- Calendar events: title; description; location.
ALTER TABLE "CalendarEvent"
  ADD COLUMN "documentHash" TEXT GENERATED ALWAYS AS (md5(
    "title" || E'\n' || coalesce("description", '') || E'\n' || coalesce("location", '')
  )) STORED,
  ADD COLUMN "embeddedHash" TEXT;
CREATE INDEX "CalendarEvent_embedding_stale_idx" ON "CalendarEvent" ("userId") WHERE "embeddedHash" IS DISTINCT FROM "documentHash";

-- Reminders: title; the message spoken or texted.
ALTER TABLE "Reminder"
  ADD COLUMN "documentHash" TEXT GENERATED ALWAYS AS (md5("title" || E'\n' || coalesce("message", ''))) STORED,
  ADD COLUMN "embeddedHash" TEXT;
CREATE INDEX "Reminder_embedding_stale_idx" ON "Reminder" ("userId") WHERE "embeddedHash" IS DISTINCT FROM "documentHash";

-- A call's transcript in time-stamped pieces of consecutive segments, each with its own vector,
-- so a search by meaning finds the moment in a long call (and the call page opens there). Written
-- by the call's embed stage with the call's own vector, replaced whole when the call is embedded
-- again (a new transcript, a new model).
CREATE TABLE "CallChunk" (
    "callId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "startSeconds" DOUBLE PRECISION NOT NULL,
    "endSeconds" DOUBLE PRECISION NOT NULL,
    "text" TEXT NOT NULL,
    "embedding" halfvec(1024) NOT NULL,
    "embeddingModel" TEXT NOT NULL,
    CONSTRAINT "CallChunk_pkey" PRIMARY KEY ("callId", "seq")
);
CREATE INDEX "CallChunk_userId_idx" ON "CallChunk" ("userId");
CREATE INDEX "CallChunk_embedding_hnsw_idx" ON "CallChunk" USING hnsw ("embedding" halfvec_cosine_ops);
ALTER TABLE "CallChunk" ADD CONSTRAINT "CallChunk_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "CallChunk" ADD CONSTRAINT "CallChunk_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
