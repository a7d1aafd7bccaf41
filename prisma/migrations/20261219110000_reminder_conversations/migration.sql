-- A reminder call can be a conversation with the voice agent (issue 13): it delivers the message,
-- answers questions about it and records the confirmation, instead of speak-and-press-1.
ALTER TABLE "Reminder" ADD COLUMN "conversational" BOOLEAN NOT NULL DEFAULT false;
