import { attemptStage, type CallJob, type PipelineDeps } from "./run";
import { setStage, updateStage } from "./stages";
import { WAITING_FOR_TRANSCRIPT } from "./transcribe";

/** Enough for a long call; Voyage's context (32k tokens) holds it with room to spare. */
const MAX_EMBED_CHARS = 24_000;

export function callEmbeddingText(call: { summary: string | null; topics: string[]; transcriptText: string | null }): string {
  const parts = [call.summary, call.topics.length ? `Topics: ${call.topics.join(", ")}` : null, call.transcriptText];
  return parts.filter((part): part is string => !!part?.trim()).join("\n\n").slice(0, MAX_EMBED_CHARS);
}

/** pgvector's text form; the value is bound as a parameter and cast, never spliced into SQL. */
export function vectorLiteral(vector: number[]): string {
  return `[${vector.join(",")}]`;
}

/** Stage 4: the call's vector for semantic search (Voyage, or the local embedder). */
export async function embedCall(deps: PipelineDeps, job: CallJob): Promise<void> {
  const { db } = deps;
  const call = await db.call.findFirst({
    where: { id: job.callId, userId: job.userId },
    select: { id: true, embedStatus: true, summary: true, topics: true, transcriptText: true },
  });
  if (!call || call.embedStatus === "succeeded") return;
  const text = callEmbeddingText(call);
  if (!call.transcriptText) {
    await updateStage(db, call.id, "embed", { status: "pending", detail: { reason: WAITING_FOR_TRANSCRIPT } });
    return;
  }
  const embedder = deps.providers.embedder;
  await attemptStage(deps, "embed", job, async () => {
    await updateStage(db, call.id, "embed", { status: "running", attempt: true, detail: { provider: embedder.model } });
    const [vector] = await embedder.embed([text], { inputType: "document" });
    if (!vector) throw new Error(`${embedder.model} returned no vector`);
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`UPDATE "Call" SET embedding = ${vectorLiteral(vector)}::halfvec WHERE id = ${call.id}`;
      await setStage(tx, call.id, "embed", { status: "succeeded", detail: { provider: embedder.model }, data: { embeddingModel: embedder.model } });
    });
  });
}
