-- Media streams of calls to the voice process (issue 13): each is authenticated by a single-use
-- token whose SHA-256 is stored here; claiming it on connect sets "connectedAt" (at most once).

CREATE TYPE "VoiceStreamPurpose" AS ENUM ('receptionist', 'reminder');

CREATE TABLE "VoiceStream" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "purpose" "VoiceStreamPurpose" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "connectedAt" TIMESTAMPTZ(3),
    "telnyxStreamId" TEXT,
    "endedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VoiceStream_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "VoiceStream_tokenHash_key" ON "VoiceStream"("tokenHash");
CREATE INDEX "VoiceStream_callId_idx" ON "VoiceStream"("callId");
CREATE INDEX "VoiceStream_userId_createdAt_idx" ON "VoiceStream"("userId", "createdAt" DESC);

ALTER TABLE "VoiceStream" ADD CONSTRAINT "VoiceStream_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "VoiceStream" ADD CONSTRAINT "VoiceStream_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;
