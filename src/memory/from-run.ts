import type { Instruction } from "../types/instruction.js";
import type { DataProfile } from "../types/profile.js";
import type { Task } from "../types/task.js";
import type { ExperienceRecord } from "../types/experience.js";
import type { ModelUsage } from "../models/usage.js";
import { descriptionDigest, sha256, summariseProfile, taskKeyOf } from "./digest.js";

/** What a finished run tells its experience (the fields of the graph state it reads). */
export interface FinishedRun {
  /** Run id. */
  runId?: string;
  /** Run directory. */
  runDir?: string;
  /** The loaded task. */
  task: Task;
  /** The data profile. */
  profile: DataProfile;
  /** The engine that ran. */
  engine: "model" | "offline";
  /** The final instruction (absent for the plain reference, the vanilla baseline). */
  instruction?: Instruction;
  /** How the run ended. */
  status: "succeeded" | "failed" | "budget_exhausted";
  /** Validation score the script printed, when the submission was valid. */
  validationScore: number | null;
  /** When the run started (epoch ms). */
  startedAt?: number;
  /** Every model call's cost. */
  usage: readonly ModelUsage[];
}

/** The description digest, profile summary and task key of a task. */
export function describeTask(task: Task, profile: DataProfile): Pick<ExperienceRecord, "task" | "profile" | "taskKey"> {
  const summary = summariseProfile(profile);
  const descriptionSha256 = sha256(task.description);
  return {
    taskKey: taskKeyOf(descriptionSha256, summary),
    task: { title: task.title, descriptionSha256, digest: descriptionDigest(task.description) },
    profile: summary,
  };
}

/**
 * The experience of a finished run and its key: a pipeline run ("run:<id>") or, without an
 * instruction, the plain reference ("reference:<id>"). Scores only; no data, no answers.
 */
export function experienceFromRun(run: FinishedRun, now: Date): { key: string; record: ExperienceRecord } {
  const source = run.instruction ? "run" : "reference";
  const id = run.runId ?? `${now.getTime()}`;
  const score = run.status === "succeeded" ? run.validationScore : null;
  const record: ExperienceRecord = {
    version: 1,
    source,
    recordedAt: now.toISOString(),
    ...describeTask(run.task, run.profile),
    engine: run.engine,
    instruction: run.instruction ?? null,
    outcome: { status: run.status, score, referenceScore: null, relativeScore: null, rank: null },
    seconds: run.startedAt ? Math.max(0, (now.getTime() - run.startedAt) / 1000) : null,
    usage: {
      calls: run.usage.length,
      inputTokens: run.usage.reduce((n, u) => n + u.inputTokens, 0),
      outputTokens: run.usage.reduce((n, u) => n + u.outputTokens, 0),
    },
    origin: { ...(run.runId ? { runId: run.runId } : {}), ...(run.runDir ? { runDir: run.runDir } : {}) },
  };
  return { key: `${source}:${id}`, record };
}
