-- Search everything (issue 14): a weighted full-text index per searchable type. Prisma's schema
-- language cannot express these; src/server/search/sources/*.ts repeat each expression exactly
-- (PostgreSQL matches index expressions structurally) so the planner uses them. Call_fts_idx and
-- Message_fts_idx (*_search_indexes) already cover calls' summary and transcript and message
-- bodies; the trigram indexes on contacts' names, phones and emails serve the typo-tolerant,
-- number and address matchers as they are.

-- Contacts: names A; company, job title, emails and tags B; notes C. 'simple': names are not
-- stemmed. Replaces Contact_fts_idx (names, company, job title and notes unweighted; unused).
DROP INDEX IF EXISTS "Contact_fts_idx";
CREATE INDEX "Contact_search_fts_idx" ON "Contact" USING gin ((
  setweight(to_tsvector('simple'::regconfig, coalesce("firstName", '') || ' ' || coalesce("lastName", '')), 'A')
  || setweight(to_tsvector('simple'::regconfig,
       coalesce("company", '') || ' ' || coalesce("jobTitle", '') || ' ' ||
       coalesce("sb_immutable_array_to_string"("emails", ' '), '') || ' ' ||
       coalesce("sb_immutable_array_to_string"("tags", ' '), '')), 'B')
  || setweight(to_tsvector('simple'::regconfig, coalesce("notes", '')), 'C')
));

-- Calls: the analyser's topics (summary and transcript are Call_fts_idx).
CREATE INDEX "Call_topics_fts_idx" ON "Call" USING gin (
  to_tsvector('english'::regconfig, coalesce("sb_immutable_array_to_string"("topics", ' '), ''))
);

-- Tasks: title A; description and tags B. Replaces Task_fts_idx (title and description
-- unweighted; unused).
DROP INDEX IF EXISTS "Task_fts_idx";
CREATE INDEX "Task_search_fts_idx" ON "Task" USING gin ((
  setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A')
  || setweight(to_tsvector('english'::regconfig,
       coalesce("description", '') || ' ' || coalesce("sb_immutable_array_to_string"("tags", ' '), '')), 'B')
));

-- Calendar events: title A; description and location B.
CREATE INDEX "CalendarEvent_fts_idx" ON "CalendarEvent" USING gin ((
  setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A')
  || setweight(to_tsvector('english'::regconfig, coalesce("description", '') || ' ' || coalesce("location", '')), 'B')
));

-- Reminders: title A; the message spoken or texted B.
CREATE INDEX "Reminder_fts_idx" ON "Reminder" USING gin ((
  setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A')
  || setweight(to_tsvector('english'::regconfig, coalesce("message", '')), 'B')
));
