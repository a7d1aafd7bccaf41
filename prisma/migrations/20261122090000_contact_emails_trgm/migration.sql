-- Contacts list search matches emails with pg_trgm as well (ILIKE substring and word
-- similarity). Without this index one unindexed OR branch would force a scan of every contact of
-- the user. Same expression style as "Contact_phones_trgm_idx"; queries must repeat it exactly.
CREATE INDEX "Contact_emails_trgm_idx" ON "Contact" USING gin (
  "sb_immutable_array_to_string"("emails", ' ') gin_trgm_ops
);
