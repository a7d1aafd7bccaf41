-- Search indexes Prisma's schema language cannot express (SPEC §4.5: hybrid search).
-- Queries must repeat the indexed expressions exactly for PostgreSQL to use these indexes.

-- text[] -> text for trigram indexes. array_to_string() is only STABLE, so it cannot appear in
-- an index expression; this wrapper is IMMUTABLE (true for text[], whose output never changes).
CREATE OR REPLACE FUNCTION "sb_immutable_array_to_string"(text[], text)
RETURNS text
LANGUAGE sql
IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT array_to_string($1, $2) $$;

-- Semantic search: pgvector HNSW, cosine distance (`embedding <=> $1::halfvec`).
CREATE INDEX "Contact_embedding_hnsw_idx" ON "Contact" USING hnsw ("embedding" halfvec_cosine_ops);
CREATE INDEX "Call_embedding_hnsw_idx" ON "Call" USING hnsw ("embedding" halfvec_cosine_ops);
CREATE INDEX "Message_embedding_hnsw_idx" ON "Message" USING hnsw ("embedding" halfvec_cosine_ops);
CREATE INDEX "Task_embedding_hnsw_idx" ON "Task" USING hnsw ("embedding" halfvec_cosine_ops);

-- Full-text search. Contacts use the 'simple' configuration (names are not stemmed); calls,
-- messages and tasks use 'english'.
CREATE INDEX "Contact_fts_idx" ON "Contact" USING gin (
  to_tsvector('simple'::regconfig,
    coalesce("firstName", '') || ' ' || coalesce("lastName", '') || ' ' ||
    coalesce("company", '') || ' ' || coalesce("jobTitle", '') || ' ' || coalesce("notes", ''))
);
CREATE INDEX "Call_fts_idx" ON "Call" USING gin (
  to_tsvector('english'::regconfig, coalesce("summary", '') || ' ' || coalesce("transcriptText", ''))
);
CREATE INDEX "Message_fts_idx" ON "Message" USING gin (
  to_tsvector('english'::regconfig, coalesce("body", ''))
);
CREATE INDEX "Task_fts_idx" ON "Task" USING gin (
  to_tsvector('english'::regconfig, coalesce("title", '') || ' ' || coalesce("description", ''))
);

-- Typo-tolerant matching (pg_trgm: `%`, similarity(), ILIKE) on names, company and numbers.
CREATE INDEX "Contact_name_trgm_idx" ON "Contact" USING gin (
  (coalesce("firstName", '') || ' ' || coalesce("lastName", '')) gin_trgm_ops
);
CREATE INDEX "Contact_company_trgm_idx" ON "Contact" USING gin ("company" gin_trgm_ops);
CREATE INDEX "Contact_phones_trgm_idx" ON "Contact" USING gin (
  "sb_immutable_array_to_string"("phones", ' ') gin_trgm_ops
);
CREATE INDEX "Call_counterpartNumber_trgm_idx" ON "Call" USING gin ("counterpartNumber" gin_trgm_ops);
