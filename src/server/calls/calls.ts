import type { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";
import { notFound } from "~/server/errors";
import { createFromCaller } from "~/server/contacts/phone";
import { actionItemsOf, pipelineView, transcriptSegmentsOf } from "~/server/pipeline/view";
import type { Embedder } from "~/server/providers/types";
import { callSnippets, inRankOrder, rankCalls } from "~/server/search/calls";
import type { callIdInput, createContactFromCallInput, listCallsInput } from "./schemas";
import { speakerNamesOf } from "./speakers";

const contactBrief = { select: { id: true, firstName: true, lastName: true, company: true, phones: true } } as const;
const numberBrief = { select: { id: true, e164: true, label: true } } as const;

/** A row of the calls list (never the provider's recording URL: playback goes through /api/recordings). */
export const callListSelect = {
  id: true,
  direction: true,
  status: true,
  fromNumber: true,
  toNumber: true,
  counterpartNumber: true,
  startedAt: true,
  answeredAt: true,
  endedAt: true,
  durationSeconds: true,
  hangupCause: true,
  errorDetail: true,
  recordingUrl: true,
  recordingStorageKey: true,
  recordingSeconds: true,
  summary: true,
  sentimentLabel: true,
  important: true,
  contact: contactBrief,
  phoneNumber: numberBrief,
} as const satisfies Prisma.CallSelect;

type ListRow = Prisma.CallGetPayload<{ select: typeof callListSelect }>;
export type CallListItem = Omit<ListRow, "recordingUrl" | "recordingStorageKey"> & { hasRecording: boolean };

function toListItem(row: ListRow): CallListItem {
  const { recordingUrl, recordingStorageKey, ...rest } = row;
  return { ...rest, hasRecording: !!(recordingUrl || recordingStorageKey) };
}

/**
 * The calls list: newest first, or, with `q`, the calls that match it best first (see
 * rankCalls), each with a highlighted snippet of where it matched.
 */
export async function listCalls(
  { db, providers: { embedder } }: { db: Db; providers: { embedder: Embedder } },
  userId: string,
  input: z.output<typeof listCallsInput>,
) {
  const statuses = input.status === undefined ? undefined : Array.isArray(input.status) ? input.status : [input.status];
  const where: Prisma.CallWhereInput = {
    userId,
    ...(input.direction ? { direction: input.direction } : {}),
    ...(statuses ? { status: { in: statuses } } : {}),
    ...(input.contactId ? { contactId: input.contactId } : {}),
    ...(input.dateFrom || input.dateTo
      ? { startedAt: { ...(input.dateFrom ? { gte: input.dateFrom } : {}), ...(input.dateTo ? { lte: input.dateTo } : {}) } }
      : {}),
    ...(input.hasRecording === true ? { OR: [{ recordingUrl: { not: null } }, { recordingStorageKey: { not: null } }] } : {}),
    ...(input.hasRecording === false ? { recordingUrl: null, recordingStorageKey: null } : {}),
  };
  const page = { page: input.page, pageSize: input.pageSize };
  const skip = (input.page - 1) * input.pageSize;
  if (input.q) {
    const ranked = await rankCalls(db, embedder, userId, input.q);
    const rows = await db.call.findMany({ where: { AND: [where, { id: { in: ranked } }] }, select: callListSelect });
    const shown = inRankOrder(rows, ranked).slice(skip, skip + input.pageSize);
    const snippets = await callSnippets(db, userId, input.q, shown.map((row) => row.id));
    const items = shown.map((row) => ({ ...toListItem(row), snippet: snippets.get(row.id) ?? null }));
    return { items, total: rows.length, ...page };
  }
  const [total, rows] = await Promise.all([
    db.call.count({ where }),
    db.call.findMany({ where, orderBy: [{ startedAt: "desc" }, { id: "desc" }], skip, take: input.pageSize, select: callListSelect }),
  ]);
  return { items: rows.map((row) => ({ ...toListItem(row), snippet: null as string | null })), total, ...page };
}

/** Everything the call page shows, with the event timeline (provider events and our intents). */
export async function getCall({ db }: { db: Db }, userId: string, input: z.output<typeof callIdInput>) {
  const call = await db.call.findFirst({
    where: { id: input.id, userId },
    select: {
      ...callListSelect,
      hangupSource: true,
      telnyxCallControlId: true,
      telnyxCallLegId: true,
      telnyxCallSessionId: true,
      recordingFormat: true,
      recordingSizeBytes: true,
      transcriptText: true,
      transcriptSegments: true,
      speakerNames: true,
      transcriptLanguage: true,
      transcriptProvider: true,
      sentimentScore: true,
      actionItems: true,
      topics: true,
      analysisProvider: true,
      analysisPromptVersion: true,
      embeddingModel: true,
      fetchStatus: true,
      transcribeStatus: true,
      analyzeStatus: true,
      embedStatus: true,
      processingError: true,
      processingErrorAt: true,
      processingDetails: true,
      lastEventAt: true,
      createdAt: true,
      updatedAt: true,
      events: {
        orderBy: [{ occurredAt: "asc" }, { createdAt: "asc" }],
        select: { id: true, eventType: true, occurredAt: true, payload: true },
      },
      tasks: {
        where: { userId },
        orderBy: [{ actionItemIndex: "asc" }, { createdAt: "asc" }],
        select: { id: true, title: true, status: true, dueAt: true, actionItemIndex: true },
      },
    },
  });
  if (!call) throw notFound("Call");
  const { recordingUrl, recordingStorageKey, events, transcriptSegments, speakerNames, actionItems, processingDetails, ...rest } = call;
  return {
    ...rest,
    hasRecording: !!(recordingUrl || recordingStorageKey),
    /** Playable here (copied into storage); mint a URL with calls.playbackUrl. */
    recordingStored: !!recordingStorageKey,
    transcriptSegments: transcriptSegmentsOf(transcriptSegments),
    speakerNames: speakerNamesOf(speakerNames),
    actionItems: actionItemsOf(actionItems),
    pipeline: pipelineView({ ...call, processingDetails }),
    events: events.map(withoutRecordingUrls),
  };
}

/** Provider recording URLs are credentials (pre-signed); the timeline says only that they exist. */
function withoutRecordingUrls<E extends { payload: Prisma.JsonValue }>(event: E): E {
  const payload = event.payload as { recording?: Record<string, unknown> } | null;
  if (!payload?.recording || typeof payload.recording !== "object") return event;
  const { mp3, wav, ...recording } = payload.recording;
  return { ...event, payload: { ...payload, recording: { ...recording, hasMp3: !!mp3, hasWav: !!wav } } as Prisma.JsonValue };
}

/**
 * "Create contact" from an unknown caller: the contact for the call's number (existing or new),
 * then every unattached call and text with that number is linked to it.
 */
export async function createContactFromCall({ db }: { db: Db }, userId: string, input: z.output<typeof createContactFromCallInput>) {
  const call = await db.call.findFirst({ where: { id: input.id, userId }, select: { id: true, counterpartNumber: true } });
  if (!call) throw notFound("Call");
  const { contact, created } = await createFromCaller({ db }, userId, {
    phone: call.counterpartNumber,
    ...(input.firstName ? { firstName: input.firstName } : {}),
    ...(input.lastName ? { lastName: input.lastName } : {}),
  });
  const linked = await linkCommunications(db, userId, contact.id, contact.phones);
  return { contact, created, linked };
}

/** Attaches the user's calls and texts without a contact whose number is one of `phones`. */
export async function linkCommunications(db: Db, userId: string, contactId: string, phones: string[]) {
  if (!phones.length) return { calls: 0, messages: 0 };
  const [calls, messages] = await Promise.all([
    db.call.updateMany({ where: { userId, contactId: null, counterpartNumber: { in: phones } }, data: { contactId } }),
    db.message.updateMany({ where: { userId, contactId: null, counterpartNumber: { in: phones } }, data: { contactId } }),
  ]);
  const latest = await Promise.all([
    db.call.findFirst({ where: { userId, contactId, lastEventAt: { not: null } }, orderBy: { startedAt: "desc" }, select: { startedAt: true } }),
    db.message.findFirst({ where: { userId, contactId, deliveryStatus: { notIn: ["not_sent", "sending_failed"] } }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
  ]);
  const at = [latest[0]?.startedAt, latest[1]?.createdAt].filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0];
  if (at) {
    await db.contact.updateMany({
      where: { id: contactId, userId, OR: [{ lastContactedAt: null }, { lastContactedAt: { lt: at } }] },
      data: { lastContactedAt: at },
    });
  }
  return { calls: calls.count, messages: messages.count };
}
