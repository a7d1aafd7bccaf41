-- Search everything (issue 14), faster: each searchable type's weighted tsvector is a stored
-- generated column ("searchVector"; calls' topics "topicsVector") with a GIN index, instead of a
-- GIN index on the expression. The expression index only helped when the planner used it: on
-- small tables (and on the embedded database) it scanned the table and re-parsed every transcript
-- for `@@`, then again for ts_rank. A stored vector is parsed once, when the row is written.
-- Same documents, configurations and weights as the expression indexes they replace
-- (*_search_indexes, *_search_everything). schema.prisma declares the columns as
-- Unsupported("tsvector")? (Prisma cannot express generated columns; it never writes them).
-- The GIN indexes are built WITH (fastupdate = off): the embedded database runs no autovacuum, so
-- a pending list (up to gin_pending_list_limit, 4 MB per index) would be scanned linearly by
-- every search; writes pay the index update instead.

-- Contacts: names A; company, job title, emails and tags B; notes C ('simple').
ALTER TABLE "Contact" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple'::regconfig, coalesce("firstName", '') || ' ' || coalesce("lastName", '')), 'A')
  || setweight(to_tsvector('simple'::regconfig,
       coalesce("company", '') || ' ' || coalesce("jobTitle", '') || ' ' ||
       coalesce("sb_immutable_array_to_string"("emails", ' '), '') || ' ' ||
       coalesce("sb_immutable_array_to_string"("tags", ' '), '')), 'B')
  || setweight(to_tsvector('simple'::regconfig, coalesce("notes", '')), 'C')
) STORED;
DROP INDEX IF EXISTS "Contact_search_fts_idx";
CREATE INDEX "Contact_searchVector_idx" ON "Contact" USING gin ("searchVector") WITH (fastupdate = off);

-- Calls: summary and transcript; the analyser's topics apart (a coarser ranking).
ALTER TABLE "Call" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  to_tsvector('english'::regconfig, coalesce("summary", '') || ' ' || coalesce("transcriptText", ''))
) STORED;
ALTER TABLE "Call" ADD COLUMN "topicsVector" tsvector GENERATED ALWAYS AS (
  to_tsvector('english'::regconfig, coalesce("sb_immutable_array_to_string"("topics", ' '), ''))
) STORED;
DROP INDEX IF EXISTS "Call_fts_idx";
DROP INDEX IF EXISTS "Call_topics_fts_idx";
CREATE INDEX "Call_searchVector_idx" ON "Call" USING gin ("searchVector") WITH (fastupdate = off);
CREATE INDEX "Call_topicsVector_idx" ON "Call" USING gin ("topicsVector") WITH (fastupdate = off);

-- Messages: the body.
ALTER TABLE "Message" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  to_tsvector('english'::regconfig, coalesce("body", ''))
) STORED;
DROP INDEX IF EXISTS "Message_fts_idx";
CREATE INDEX "Message_searchVector_idx" ON "Message" USING gin ("searchVector") WITH (fastupdate = off);

-- Tasks: title A; description and tags B.
ALTER TABLE "Task" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A')
  || setweight(to_tsvector('english'::regconfig,
       coalesce("description", '') || ' ' || coalesce("sb_immutable_array_to_string"("tags", ' '), '')), 'B')
) STORED;
DROP INDEX IF EXISTS "Task_search_fts_idx";
CREATE INDEX "Task_searchVector_idx" ON "Task" USING gin ("searchVector") WITH (fastupdate = off);

-- Calendar events: title A; description and location B.
ALTER TABLE "CalendarEvent" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A')
  || setweight(to_tsvector('english'::regconfig, coalesce("description", '') || ' ' || coalesce("location", '')), 'B')
) STORED;
DROP INDEX IF EXISTS "CalendarEvent_fts_idx";
CREATE INDEX "CalendarEvent_searchVector_idx" ON "CalendarEvent" USING gin ("searchVector") WITH (fastupdate = off);

-- Reminders: title A; the message spoken or texted B.
ALTER TABLE "Reminder" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A')
  || setweight(to_tsvector('english'::regconfig, coalesce("message", '')), 'B')
) STORED;
DROP INDEX IF EXISTS "Reminder_fts_idx";
CREATE INDEX "Reminder_searchVector_idx" ON "Reminder" USING gin ("searchVector") WITH (fastupdate = off);
