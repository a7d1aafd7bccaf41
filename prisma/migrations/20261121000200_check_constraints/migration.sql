-- Invariants Prisma's schema language cannot express.

-- Emails are stored lower-cased, so the unique index is case-insensitive in effect.
ALTER TABLE "User" ADD CONSTRAINT "User_email_lowercase_check" CHECK ("email" = lower("email"));

-- Relationship score is a 0–100 scale.
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_relationshipScore_check"
  CHECK ("relationshipScore" >= 0 AND "relationshipScore" <= 100);

-- Retry bookkeeping of scheduled calls stays sane.
ALTER TABLE "ScheduledCall" ADD CONSTRAINT "ScheduledCall_retries_check"
  CHECK ("attempts" >= 0 AND "maxRetries" >= 0 AND "retryDelaySeconds" >= 0 AND "retryBackoffFactor" >= 1);
