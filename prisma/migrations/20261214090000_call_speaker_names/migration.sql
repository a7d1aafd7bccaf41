-- Names the user gave a call's transcript speakers whose voice the call itself does not name
-- (a mono recording's "Speaker 2", a caller with no contact): { "<speaker number>": "<name>" }.
ALTER TABLE "Call" ADD COLUMN "speakerNames" JSONB NOT NULL DEFAULT '{}';
