import { Readable } from "node:stream";
import { subDays, subMinutes } from "date-fns";
import type { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";
import type { TranscriptSegment } from "~/server/providers/types";
import { recordingKey, type RecordingStorage } from "~/server/storage";

/** The demo account's own Telnyx number (made up; nothing is dialled in demo mode). */
export const DEMO_NUMBER = "+14155550100";

type Line = [speaker: number, seconds: number, text: string];

interface DemoCall {
  direction: "inbound" | "outbound";
  daysAgo: number;
  hour: number;
  lines: Line[];
  /** Demo audio is stored for this call, so its transcript can seek a real player. */
  withRecording: boolean;
}

const renewalCall: DemoCall = {
  direction: "inbound",
  daysAgo: 2,
  hour: 10,
  withRecording: true,
  lines: [
    [0, 5, "Hi, this is Maya from Northwind Health. Do you have a minute to talk about the renewal?"],
    [1, 4, "Of course, Maya. Good to hear from you."],
    [0, 8, "We are happy with the service, but procurement wants the updated pricing before the end of the quarter."],
    [1, 7, "That makes sense. I'll send you the revised proposal by Friday."],
    [0, 6, "Great. Can you also include the onboarding timeline for the new clinic?"],
    [1, 6, "Yes, I will add it. Let's schedule a call next week to go through it together."],
    [0, 4, "Perfect, thank you so much. Talk soon."],
  ],
};

const delayCall: DemoCall = {
  direction: "outbound",
  daysAgo: 5,
  hour: 15,
  withRecording: false,
  lines: [
    [0, 5, "Hi Daniel, I'm calling about the estimate for the Elm Street renovation."],
    [1, 9, "Honestly, I'm frustrated. The materials are late again and the crew has been waiting for two days."],
    [0, 6, "I'm sorry about that. That's a real problem and I understand why you're upset."],
    [1, 7, "We need to sort out the delivery schedule, or we will miss the inspection."],
    [0, 7, "I will call the supplier today and get back to you tomorrow with a firm date."],
    [1, 3, "Okay. Please do."],
  ],
};

function segmentsOf(lines: Line[]): TranscriptSegment[] {
  let t = 0;
  return lines.map(([speaker, seconds, text]) => {
    const segment = { speaker, start: t, end: t + seconds - 0.4, text, confidence: 0.97 };
    t += seconds;
    return segment;
  });
}

/**
 * Demo audio: one soft tone per transcript segment, pitched per speaker, so the player has
 * something to play and seeking is audible. A 16-bit mono PCM WAV is a 44-byte header and raw
 * samples, so it is written here rather than pulling in an audio library for demo data.
 */
export function demoWav(segments: TranscriptSegment[], sampleRate = 8000): Buffer {
  const seconds = Math.ceil(segments.at(-1)?.end ?? 0) + 1;
  const samples = seconds * sampleRate;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write("RIFF", 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write("WAVEfmt ", 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write("data", 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (const segment of segments) {
    const pitch = segment.speaker === 0 ? 220 : 330;
    const from = Math.floor(segment.start * sampleRate);
    const to = Math.min(samples, Math.floor(segment.end * sampleRate));
    for (let i = from; i < to; i++) {
      const fade = Math.min(1, (i - from) / 400, (to - i) / 400);
      wav.writeInt16LE(Math.round(Math.sin((2 * Math.PI * pitch * i) / sampleRate) * 3000 * fade), 44 + i * 2);
    }
  }
  return wav;
}

/**
 * Calls for the demo account: an answered call with a recording and a transcript, one with a
 * transcript only, and a missed call. Returns the ids of the calls that have a transcript, for
 * the caller to queue their analysis (the pipeline does the rest, with whatever providers exist).
 */
export async function seedDemoCalls(
  db: Db,
  userId: string,
  contacts: { maya?: { id: string; phones: string[] }; daniel?: { id: string; phones: string[] }; priya?: { id: string; phones: string[] } },
  options: { storage: RecordingStorage | null; now?: Date },
): Promise<string[]> {
  const now = options.now ?? new Date();
  const transcribed: string[] = [];
  const pairs: [DemoCall, { id: string; phones: string[] } | undefined][] = [
    [renewalCall, contacts.maya],
    [delayCall, contacts.daniel],
  ];
  for (const [demo, contact] of pairs) {
    if (!contact) continue;
    const segments = segmentsOf(demo.lines);
    const duration = Math.ceil(segments.at(-1)!.end);
    const startedAt = subDays(new Date(now), demo.daysAgo);
    startedAt.setHours(demo.hour, 12, 0, 0);
    const answeredAt = new Date(startedAt.getTime() + 6_000);
    const counterpart = contact.phones[0] ?? "+14155550134";
    const call = await db.call.create({
      data: {
        userId,
        direction: demo.direction,
        status: "completed",
        fromNumber: demo.direction === "inbound" ? counterpart : DEMO_NUMBER,
        toNumber: demo.direction === "inbound" ? DEMO_NUMBER : counterpart,
        counterpartNumber: counterpart,
        contactId: contact.id,
        startedAt,
        answeredAt,
        endedAt: new Date(answeredAt.getTime() + duration * 1000),
        durationSeconds: duration,
        hangupCause: "normal_clearing",
        transcriptText: segments.map((s) => s.text).join(" "),
        transcriptSegments: segments as unknown as Prisma.InputJsonValue,
        transcriptLanguage: "en",
        transcriptProvider: "demo",
        transcribeStatus: "succeeded",
        fetchStatus: "skipped",
        processingDetails: {
          fetch: { attempts: 0, startedAt: null, finishedAt: null, error: null, reason: "demo call", provider: null },
          transcribe: { attempts: 0, startedAt: null, finishedAt: null, error: null, reason: null, provider: "demo" },
        },
      },
    });
    if (demo.withRecording && options.storage) {
      const wav = demoWav(segments);
      const stored = await options.storage.put(recordingKey(userId, call.id, "wav"), Readable.from([wav]), { contentType: "audio/wav", maxBytes: wav.length });
      await db.call.update({
        where: { id: call.id },
        data: {
          recordingStorageKey: stored.key,
          recordingFormat: "wav",
          recordingSizeBytes: stored.sizeBytes,
          recordingSha256: stored.sha256,
          recordingSeconds: duration,
          fetchStatus: "succeeded",
        },
      });
    }
    transcribed.push(call.id);
  }
  if (contacts.priya) {
    const startedAt = subMinutes(subDays(now, 1), 90);
    await db.call.create({
      data: {
        userId,
        direction: "inbound",
        status: "missed",
        fromNumber: contacts.priya.phones[0] ?? "+16505550147",
        toNumber: DEMO_NUMBER,
        counterpartNumber: contacts.priya.phones[0] ?? "+16505550147",
        contactId: contacts.priya.id,
        startedAt,
        endedAt: new Date(startedAt.getTime() + 25_000),
        durationSeconds: 0,
        hangupCause: "originator_cancel",
      },
    });
  }
  return transcribed;
}
