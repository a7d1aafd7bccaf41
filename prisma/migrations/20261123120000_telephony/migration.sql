-- Telephony (issue 4): why a call was not placed, and counters of refused webhooks.

-- AlterTable
ALTER TABLE "Call" ADD COLUMN "errorDetail" TEXT;

-- CreateTable
CREATE TABLE "WebhookRejection" (
    "provider" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "firstAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookRejection_pkey" PRIMARY KEY ("provider","reason")
);
