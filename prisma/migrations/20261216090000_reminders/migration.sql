-- Reminders, their occurrences and attempts (issue: reminders and scheduled reminder calls).
-- The placeholder Reminder / ScheduledCall / ScheduledCallReminder tables from the initial
-- schema were never written by any code path, so they are replaced rather than migrated.

ALTER TABLE "Call" DROP CONSTRAINT IF EXISTS "Call_scheduledCallId_fkey";
DROP INDEX IF EXISTS "Call_scheduledCallId_idx";
ALTER TABLE "Call" DROP COLUMN IF EXISTS "scheduledCallId";
DROP TABLE "ScheduledCallReminder";
DROP TABLE "ScheduledCall";
DROP TABLE "Reminder";
DROP TYPE "ReminderType";
DROP TYPE "DeliveryState";
DROP TYPE "ScheduledCallStatus";
DROP TYPE "CallAttemptOutcome";

CREATE TYPE "ReminderKind" AS ENUM ('medication', 'appointment', 'follow_up', 'custom', 'keep_in_touch', 'important_date');
CREATE TYPE "ReminderChannel" AS ENUM ('call', 'sms', 'in_app');
CREATE TYPE "OccurrenceState" AS ENUM ('scheduled', 'in_progress', 'confirmed', 'delivered', 'unconfirmed', 'missed', 'skipped', 'escalated', 'cancelled');
CREATE TYPE "ReminderAttemptOutcome" AS ENUM ('confirmed', 'answered_unconfirmed', 'delivered', 'voicemail', 'no_answer', 'busy', 'machine', 'failed', 'not_sent');

ALTER TYPE "NotificationType" ADD VALUE 'reminder';
ALTER TYPE "NotificationType" ADD VALUE 'reminder_escalated';
ALTER TYPE "NotificationType" ADD VALUE 'reminder_missed';

ALTER TABLE "User" ADD COLUMN "reminderGraceMinutes" INTEGER NOT NULL DEFAULT 15;

CREATE TABLE "Reminder" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "contactId" TEXT,
    "kind" "ReminderKind" NOT NULL,
    "title" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'en-US',
    "timeZone" TEXT NOT NULL,
    "startsAtLocal" TEXT NOT NULL,
    "rrule" TEXT,
    "channels" "ReminderChannel"[],
    "requireConfirmation" BOOLEAN NOT NULL DEFAULT true,
    "leaveVoicemail" BOOLEAN NOT NULL DEFAULT false,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "retrySpacingMinutes" INTEGER NOT NULL DEFAULT 10,
    "keepInTouchDays" INTEGER,
    "pausedAt" TIMESTAMPTZ(3),
    "nextDueAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Reminder_attempts_check" CHECK ("maxAttempts" BETWEEN 1 AND 10 AND "retrySpacingMinutes" BETWEEN 1 AND 1440),
    CONSTRAINT "Reminder_channels_check" CHECK (cardinality("channels") >= 1)
);

CREATE TABLE "ReminderEscalation" (
    "reminderId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ReminderEscalation_pkey" PRIMARY KEY ("reminderId","contactId")
);

CREATE TABLE "ReminderOccurrence" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "reminderId" TEXT NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "state" "OccurrenceState" NOT NULL DEFAULT 'scheduled',
    "lateSeconds" INTEGER,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "history" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReminderOccurrence_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ReminderAttempt" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "occurrenceId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "channel" "ReminderChannel" NOT NULL,
    "commandId" TEXT NOT NULL,
    "telnyxCallControlId" TEXT,
    "telnyxMessageId" TEXT,
    "prompts" INTEGER NOT NULL DEFAULT 0,
    "digits" TEXT,
    "outcome" "ReminderAttemptOutcome",
    "reason" TEXT,
    "startedAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "callId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReminderAttempt_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "Reminder_userId_nextDueAt_idx" ON "Reminder"("userId", "nextDueAt");
CREATE INDEX "Reminder_userId_contactId_idx" ON "Reminder"("userId", "contactId");
CREATE INDEX "ReminderEscalation_contactId_idx" ON "ReminderEscalation"("contactId");
CREATE UNIQUE INDEX "ReminderOccurrence_reminderId_dueAt_key" ON "ReminderOccurrence"("reminderId", "dueAt");
CREATE INDEX "ReminderOccurrence_userId_dueAt_idx" ON "ReminderOccurrence"("userId", "dueAt");
CREATE INDEX "ReminderOccurrence_userId_state_dueAt_idx" ON "ReminderOccurrence"("userId", "state", "dueAt");
CREATE UNIQUE INDEX "ReminderAttempt_commandId_key" ON "ReminderAttempt"("commandId");
CREATE UNIQUE INDEX "ReminderAttempt_telnyxCallControlId_key" ON "ReminderAttempt"("telnyxCallControlId");
CREATE UNIQUE INDEX "ReminderAttempt_callId_key" ON "ReminderAttempt"("callId");
CREATE UNIQUE INDEX "ReminderAttempt_occurrenceId_number_key" ON "ReminderAttempt"("occurrenceId", "number");
CREATE INDEX "ReminderAttempt_userId_startedAt_idx" ON "ReminderAttempt"("userId", "startedAt");

ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReminderEscalation" ADD CONSTRAINT "ReminderEscalation_reminderId_fkey" FOREIGN KEY ("reminderId") REFERENCES "Reminder"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReminderEscalation" ADD CONSTRAINT "ReminderEscalation_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReminderOccurrence" ADD CONSTRAINT "ReminderOccurrence_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReminderOccurrence" ADD CONSTRAINT "ReminderOccurrence_reminderId_fkey" FOREIGN KEY ("reminderId") REFERENCES "Reminder"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReminderAttempt" ADD CONSTRAINT "ReminderAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReminderAttempt" ADD CONSTRAINT "ReminderAttempt_occurrenceId_fkey" FOREIGN KEY ("occurrenceId") REFERENCES "ReminderOccurrence"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReminderAttempt" ADD CONSTRAINT "ReminderAttempt_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE SET NULL ON UPDATE CASCADE;
