-- Accounts and abuse limits (issue 9): roles, disabling, revocable sessions, invites, instance
-- settings and the shared rate-limit store.

CREATE TYPE "UserRole" AS ENUM ('owner', 'member');
CREATE TYPE "SignupMode" AS ENUM ('closed', 'invite', 'open');

ALTER TABLE "User" ADD COLUMN "role" "UserRole" NOT NULL DEFAULT 'member';
ALTER TABLE "User" ADD COLUMN "disabledAt" TIMESTAMPTZ(3);
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- An existing instance's first account becomes its owner.
UPDATE "User" SET "role" = 'owner'
WHERE "id" = (SELECT "id" FROM "User" ORDER BY "createdAt", "id" LIMIT 1);

-- One owner at most: two first sign-ups racing cannot both become owner.
CREATE UNIQUE INDEX "User_single_owner" ON "User" ("role") WHERE "role" = 'owner';

CREATE TABLE "Invite" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "email" TEXT,
    "createdById" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "usedById" TEXT,
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invite_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Invite_tokenHash_key" ON "Invite"("tokenHash");
CREATE UNIQUE INDEX "Invite_usedById_key" ON "Invite"("usedById");
CREATE INDEX "Invite_createdById_idx" ON "Invite"("createdById");
ALTER TABLE "Invite" ADD CONSTRAINT "Invite_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Invite" ADD CONSTRAINT "Invite_usedById_fkey" FOREIGN KEY ("usedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Invite" ADD CONSTRAINT "Invite_email_lowercase_check" CHECK ("email" IS NULL OR "email" = lower("email"));

CREATE TABLE "AppSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "signupMode" "SignupMode",
    "smsPerHour" INTEGER NOT NULL DEFAULT 30,
    "smsPerDay" INTEGER NOT NULL DEFAULT 200,
    "callsPerHour" INTEGER NOT NULL DEFAULT 20,
    "callsPerDay" INTEGER NOT NULL DEFAULT 100,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AppSettings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AppSettings_single_row_check" CHECK ("id" = 1),
    CONSTRAINT "AppSettings_limits_check" CHECK (
        "smsPerHour" > 0 AND "smsPerDay" > 0 AND "callsPerHour" > 0 AND "callsPerDay" > 0
    )
);

-- rate-limiter-flexible's PostgreSQL store, created here so the app never runs DDL at request time.
CREATE TABLE "RateLimit" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);
