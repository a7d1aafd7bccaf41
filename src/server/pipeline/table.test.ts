import { describe, expect, it } from "vitest";
import { jobNames, wakesAfter } from "~/server/queue/jobs";
import { stageRuns } from "./runs";
import { pipeline, stageOfJob, stages, stagesAfter } from "./table";

describe("the pipeline table", () => {
  it("chains every stage once, in table order", () => {
    expect(stages).toEqual(["fetch", "transcribe", "analyze", "embed"]);
    expect(stagesAfter("fetch")).toEqual(stages.slice(1));
    expect(stagesAfter("transcribe")).toEqual(["analyze", "embed"]);
    expect(stagesAfter("embed")).toEqual([]);
  });

  it("maps each stage to its own job and back, and has a run for each", () => {
    for (const { stage, job } of pipeline) {
      expect(jobNames).toContain(job);
      expect(stageOfJob(job)).toBe(stage);
      expect(stageRuns[stage]).toBeDefined();
    }
    expect(stageOfJob("contact.rescore")).toBeNull();
  });

  it("derives the wakes between the stages' queues, beside the other hand-offs", () => {
    expect(wakesAfter("webhooks.process")).toEqual(["recording.fetch"]);
    expect(wakesAfter("recording.fetch")).toEqual(["call.transcribe"]);
    expect(wakesAfter("call.transcribe")).toEqual(["call.analyze"]);
    expect(wakesAfter("call.analyze")).toEqual(["call.embed", "contact.rescore"]);
    expect(wakesAfter("call.embed")).toEqual([]);
    expect(wakesAfter("contact.rescore")).toEqual([]);
  });
});
