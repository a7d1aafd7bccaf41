import { analyzeStage } from "./analyze";
import { embedStage } from "./embed";
import { fetchStage } from "./fetch";
import type { StageRun } from "./stage-run";
import type { Stage } from "./table";
import { transcribeStage } from "./transcribe";

/** Each stage's work (its order, job and label are in table.ts). */
export const stageRuns: Record<Stage, StageRun> = {
  fetch: fetchStage,
  transcribe: transcribeStage,
  analyze: analyzeStage,
  embed: embedStage,
};
