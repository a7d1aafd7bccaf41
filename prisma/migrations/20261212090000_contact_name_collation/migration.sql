-- Contacts sort by name the way people read them: ICU's root collation ("und-x-icu") puts
-- "Élodie" among the E's and "de la Cruz" among the D's, where the database's own collation
-- ("C" on the embedded database) puts accented and lower-case names after Z. "und-x-icu" exists
-- on every PostgreSQL built with ICU (the official images and distribution packages, 15 and up)
-- and on the embedded PGlite. contacts/list.ts orders by these exact expressions, so this index
-- serves the name sort like "Contact_userId_lastName_firstName_idx" did.
CREATE INDEX "Contact_userId_name_collated_idx" ON "Contact" (
  "userId",
  "lastName" COLLATE "und-x-icu",
  "firstName" COLLATE "und-x-icu"
);
