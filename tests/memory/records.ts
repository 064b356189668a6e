/** Constructed experience records for the memory tests. */
import type { ExperienceRecord, ProfileSummary } from "../../src/types/experience.js";
import { instruction } from "../helpers/fakes.js";

/** A profile summary of a tabular binary task, with overrides. */
export function profileSummary(overrides: Partial<ProfileSummary> = {}): ProfileSummary {
  return {
    taskType: "binary",
    metric: "accuracy",
    higherIsBetter: true,
    dataType: "tabular",
    dataKinds: { numeric: 3, categorical: 2 },
    columns: ["id", "age", "city", "label"],
    rows: 800,
    classes: 2,
    submissionForm: "label",
    ...overrides,
  };
}

/** A run record: `title` names the task, `approach` the instruction; the rest overridable. */
export function makeRecord(
  title: string,
  digest: string,
  options: {
    approach?: string;
    profile?: Partial<ProfileSummary>;
    source?: ExperienceRecord["source"];
    score?: number | null;
    relative?: number | null;
    taskKey?: string;
    status?: ExperienceRecord["outcome"]["status"];
  } = {},
): ExperienceRecord {
  const source = options.source ?? "run";
  return {
    version: 1,
    source,
    recordedAt: "2026-01-02T03:04:05.000Z",
    taskKey: options.taskKey ?? `key-${title}`,
    task: { title, descriptionSha256: "0".repeat(64), digest },
    profile: profileSummary(options.profile),
    engine: "offline",
    instruction: source === "reference" ? null : instruction(1, options.approach ?? `${title} approach`),
    outcome: {
      status: options.status ?? "succeeded",
      score: options.score === undefined ? 0.8 : options.score,
      referenceScore: null,
      relativeScore: options.relative ?? null,
      rank: null,
    },
    seconds: 12.5,
    usage: { calls: 0, inputTokens: 0, outputTokens: 0 },
    origin: { runId: `run-${title}` },
  };
}
