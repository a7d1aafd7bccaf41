-- Receptionist settings per number (issue 13): when the voice agent answers inbound calls, what
-- it is told about the business, and the greeting and voicemail prompt callers hear. Every
-- existing number keeps today's behaviour: mode 'off', the built-in greeting and prompt.

CREATE TYPE "ReceptionistMode" AS ENUM ('off', 'always', 'no_answer', 'after_hours');

ALTER TABLE "PhoneNumber" ADD COLUMN "receptionistMode" "ReceptionistMode" NOT NULL DEFAULT 'off';
ALTER TABLE "PhoneNumber" ADD COLUMN "receptionistAnswerAfterSeconds" INTEGER NOT NULL DEFAULT 20;
ALTER TABLE "PhoneNumber" ADD COLUMN "businessHours" JSONB;
ALTER TABLE "PhoneNumber" ADD COLUMN "receptionistInstructions" TEXT;
ALTER TABLE "PhoneNumber" ADD COLUMN "businessName" TEXT;
ALTER TABLE "PhoneNumber" ADD COLUMN "greetingText" TEXT;
ALTER TABLE "PhoneNumber" ADD COLUMN "voicemailPromptText" TEXT;

-- The service checks the same limits with field messages; these keep a stray write out.
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_receptionist_check" CHECK (
    "receptionistAnswerAfterSeconds" BETWEEN 5 AND 60
    AND ("businessHours" IS NULL OR jsonb_typeof("businessHours") = 'object')
    AND ("receptionistInstructions" IS NULL OR char_length("receptionistInstructions") <= 10000)
    AND ("businessName" IS NULL OR char_length("businessName") <= 120)
    AND ("greetingText" IS NULL OR char_length("greetingText") <= 500)
    AND ("voicemailPromptText" IS NULL OR char_length("voicemailPromptText") <= 500)
);
