-- The voice agent's turns (issue 13): what the caller said, what the agent answered, the tools it
-- called, and how long the caller waited from the end of their speech to the agent's first audio,
-- split by stage. The Voice page's p50/p95 over the last 7 days read "userId", "createdAt".

CREATE TABLE "VoiceTurn" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "streamId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "callerText" TEXT NOT NULL,
    "agentText" TEXT NOT NULL,
    "toolCalls" JSONB NOT NULL DEFAULT '[]',
    "startedAtMs" INTEGER NOT NULL,
    "endedAtMs" INTEGER,
    "interrupted" BOOLEAN NOT NULL DEFAULT false,
    "latencyMs" INTEGER,
    "sttMs" INTEGER,
    "llmMs" INTEGER,
    "ttsMs" INTEGER,
    "engineMs" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VoiceTurn_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "VoiceTurn_streamId_index_key" ON "VoiceTurn"("streamId", "index");
CREATE INDEX "VoiceTurn_callId_idx" ON "VoiceTurn"("callId");
CREATE INDEX "VoiceTurn_userId_createdAt_idx" ON "VoiceTurn"("userId", "createdAt" DESC);

ALTER TABLE "VoiceTurn" ADD CONSTRAINT "VoiceTurn_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "VoiceTurn" ADD CONSTRAINT "VoiceTurn_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "VoiceTurn" ADD CONSTRAINT "VoiceTurn_streamId_fkey" FOREIGN KEY ("streamId") REFERENCES "VoiceStream"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The receptionist took a message for the user.
ALTER TYPE "NotificationType" ADD VALUE 'message_taken';
