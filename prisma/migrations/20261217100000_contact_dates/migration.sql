-- Important dates of a contact (birthdays, anniversaries, custom), each with its yearly reminder
-- (issue 12, item 6). The year is optional: people often know a birthday without the year.

CREATE TYPE "ContactDateKind" AS ENUM ('birthday', 'anniversary', 'custom');

CREATE TABLE "ContactDate" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "kind" "ContactDateKind" NOT NULL,
    "label" TEXT,
    "month" INTEGER NOT NULL,
    "day" INTEGER NOT NULL,
    "year" INTEGER,
    "reminderId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ContactDate_pkey" PRIMARY KEY ("id"),
    -- A day that exists in some year of that month (Feb 29 included; the year, when known, is checked by the service).
    CONSTRAINT "ContactDate_day_check" CHECK (
        "month" BETWEEN 1 AND 12
        AND "day" BETWEEN 1 AND (CASE WHEN "month" = 2 THEN 29 WHEN "month" IN (4, 6, 9, 11) THEN 30 ELSE 31 END)
        AND ("year" IS NULL OR "year" BETWEEN 1800 AND 2200)
    ),
    CONSTRAINT "ContactDate_label_check" CHECK ("kind" <> 'custom' OR "label" IS NOT NULL)
);

CREATE UNIQUE INDEX "ContactDate_reminderId_key" ON "ContactDate"("reminderId");
CREATE INDEX "ContactDate_userId_month_day_idx" ON "ContactDate"("userId", "month", "day");
CREATE INDEX "ContactDate_contactId_idx" ON "ContactDate"("contactId");

ALTER TABLE "ContactDate" ADD CONSTRAINT "ContactDate_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ContactDate" ADD CONSTRAINT "ContactDate_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ContactDate" ADD CONSTRAINT "ContactDate_reminderId_fkey" FOREIGN KEY ("reminderId") REFERENCES "Reminder"("id") ON DELETE SET NULL ON UPDATE CASCADE;
