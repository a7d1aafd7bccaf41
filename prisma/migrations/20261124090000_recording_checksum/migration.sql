-- The recording pipeline stores a checksum of each recording it copies into storage.
ALTER TABLE "Call" ADD COLUMN "recordingSha256" TEXT;
