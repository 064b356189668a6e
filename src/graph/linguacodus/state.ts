import { z } from "zod";
import { registry } from "@langchain/langgraph/zod";
import type { HumanInterrupt } from "@langchain/langgraph/prebuilt";
import { CritiqueSchema, DecisionSchema, InstructionSchema, type Instruction } from "../../types/instruction.js";
import { DataProfileSchema } from "../../types/profile.js";
import { TaskSchema } from "../../types/task.js";
import { ModelUsageSchema, type ModelUsage } from "../../models/usage.js";
import { RecalledExperienceSchema } from "../../types/experience.js";
import { FallbackSchema, type Fallback } from "../../models/mechanism.js";
import { EnvironmentSchema } from "../../types/environment.js";
import { AttemptSchema } from "../../types/attempt.js";
import { TrialSchema, TrialSpecSchema, type Trial } from "../../types/trial.js";
import { HoldoutPlanSchema } from "../../tools/task/holdout.js";
import { mergeAttempts } from "./attempts.js";

/** How a run ended (or "running" while it goes on). */
export const RunStatusSchema = z.enum(["running", "succeeded", "failed", "budget_exhausted"]);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** A reviewer's answer to the review interrupt: approve, edit the instruction, or ask for new candidates. */
export const ReviewAnswerSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("approve") }),
  z.object({
    action: z.literal("edit"),
    /** The edited instruction: structured, or markdown in the instruction.md form. */
    instruction: z.union([InstructionSchema, z.string().min(1)]),
  }),
  z.object({
    action: z.literal("regenerate"),
    /** What the new candidates should do differently. */
    feedback: z.string().default(""),
  }),
]);
export type ReviewAnswer = z.infer<typeof ReviewAnswerSchema>;

/** What the review interrupt shows the person; also an Agent Inbox HumanInterrupt (action_request, config, description). */
export interface ReviewRequest extends HumanInterrupt {
  /** Always "review". */
  kind: "review";
  /** The Decider's instruction, structured. */
  instruction: Instruction;
  /** The same as markdown, ready to edit. */
  markdown: string;
  /** The Decider's rationale. */
  rationale: string;
  /** How to answer. */
  answers: string;
  /** Why the previous answer was not accepted (asked again). */
  problem?: string;
}

/** Code of the four blocks, as written so far. */
export const BlocksSchema = z.object({
  /** Data preprocessing block. */
  preprocessing: z.string().optional(),
  /** Model architecture block. */
  model: z.string().optional(),
  /** Model training block. */
  training: z.string().optional(),
  /** Submission block. */
  submission: z.string().optional(),
});

/** Where a run stopped on an error or a cancel, so `resume` continues from that node. */
export const StoppedSchema = z.object({
  /** The main-graph node that failed ("profile-data", "instructions", "codegen", ...). */
  node: z.string(),
  /** Checkpoint namespace of the failed subgraph run, resumed in place (null for a plain node). */
  ns: z.string().nullable(),
});

/** Fallbacks merge without duplicates (a resumed step may report one again). */
function mergeFallbacks(current: Fallback[], update: Fallback[]): Fallback[] {
  const key = (f: Fallback) => `${f.server}\u0000${f.model}\u0000${f.from}`;
  const seen = new Set(current.map(key));
  return [...current, ...update.filter((f) => !seen.has(key(f)) && seen.add(key(f)))];
}

/** Candidates merge by rank, so parallel rank-instructions tasks never clobber each other. */
function mergeCandidates(current: Instruction[], update: Instruction[]): Instruction[] {
  const byRank = new Map(current.map((c) => [c.rank, c]));
  for (const c of update) byRank.set(c.rank, c);
  return [...byRank.values()].sort((a, b) => a.rank - b.rank);
}

/** Validation runs merge by key, so parallel validate tasks never clobber each other. */
function mergeTrials(current: Trial[], update: Trial[]): Trial[] {
  const byKey = new Map(current.map((t) => [t.key, t]));
  for (const t of update) byKey.set(t.key, t);
  return [...byKey.values()];
}

/** The state of a Linguacodus run; shared by the main graph and its two subgraphs. */
export const LinguacodusState = z.object({
  /** Input: path of the task directory (description.md + data files). */
  taskDir: z
    .string()
    .min(1)
    .describe("Path of the task directory: description.md and the data files (train.csv, test.csv, sample_submission.csv, ...)"),
  /** Id of the run (the run directory's name). */
  runId: z.string().optional().describe("Id of the run (default: the thread id, else a new one); names the run directory"),
  /** Absolute path of the run directory that holds every artifact. */
  runDir: z.string().optional().describe("Run directory for every artifact (default: the context's runDir, else <runsDir>/<runId>)"),
  /** When the run started (epoch ms), for the wall-time budget. */
  startedAt: z.number().optional(),
  /** Which engine ran the model-backed nodes: "model" or "offline". */
  engine: z.enum(["model", "offline"]).optional(),
  /** The loaded task. */
  task: TaskSchema.optional(),
  /** The data profile every prompt receives. */
  profile: DataProfileSchema.optional(),
  /** What the run's interpreter offers, probed in the sandbox (null: the probe failed; see environmentError). */
  environment: EnvironmentSchema.nullable().default(null),
  /** Why the environment probe failed, if it did. */
  environmentError: z.string().nullable().default(null),
  /** The trusted holdout the harness scores validation runs on (null: none could be made; see holdoutNote). */
  holdout: HoldoutPlanSchema.nullable().default(null),
  /** Why the run has no holdout (no test file, a format the splitter cannot write, too few rows), or null. */
  holdoutNote: z.string().nullable().default(null),
  /** Send payload only: what a validate task implements and runs. */
  trial: TrialSpecSchema.optional(),
  /** Every validation run of the search (candidates, the Decider's instruction, improvement rounds), merged by key. */
  trials: z.array(TrialSchema).register(registry, {
    reducer: { fn: mergeTrials },
    default: () => [],
  }),
  /** Improvement rounds started so far. */
  round: z.number().int().default(0),
  /** Why the search stopped (rounds done, no gain, budget), or null while it goes on. */
  searchStop: z.string().nullable().default(null),
  /** Send payload only: the rank a rank-instructions task writes. */
  candidateRank: z.number().int().optional(),
  /** Experiences of similar earlier tasks, recalled before the instructor wrote candidates (absent when experience is off). */
  experience: RecalledExperienceSchema.optional(),
  /** Candidate instructions 1..k, merged by rank. */
  candidates: z.array(InstructionSchema).register(registry, {
    reducer: { fn: mergeCandidates },
    default: () => [],
  }),
  /** The Researcher's critique of every candidate. */
  critiques: z.array(CritiqueSchema).optional(),
  /** The Decider's decision (chosen rank, rationale, improved instruction). */
  decision: DecisionSchema.optional(),
  /** The final instruction code is generated from (the decision's, or a reviewer's edit). */
  instruction: InstructionSchema.optional(),
  /** The reviewer's latest answer (review enabled only). */
  reviewAnswer: ReviewAnswerSchema.optional(),
  /** How many times a reviewer asked for new candidates. */
  reviewRounds: z.number().int().default(0),
  /** Code of each block. */
  blocks: BlocksSchema.register(registry, {
    reducer: { fn: (a: z.infer<typeof BlocksSchema>, b: z.infer<typeof BlocksSchema>) => ({ ...a, ...b }) },
    default: () => ({}),
  }),
  /** Blocks whose reply held no code, with the reason. */
  blockErrors: z.array(z.string()).default([]),
  /** The current whole script. */
  code: z.string().optional(),
  /** Every version of the current script and what became of it (executed, checked, failed, fixed), merged by version. */
  attempts: z.array(AttemptSchema).register(registry, {
    reducer: { fn: mergeAttempts },
    default: () => [],
  }),
  /** Run status; parallel branches may settle it in the same step (the last write wins). */
  status: RunStatusSchema.describe("running, then succeeded, failed or budget_exhausted").register(registry, {
    reducer: { fn: (_a: RunStatus, b: RunStatus) => b },
    default: () => "running" as const,
  }),
  /** The error that ended the run, if any; parallel branches may set it in the same step. */
  error: z
    .string()
    .nullable()
    .describe("What ended a failed run, else null")
    .register(registry, { reducer: { fn: (_a: string | null, b: string | null) => b }, default: () => null }),
  /** Where the run stopped on an error or a cancel (status failed; `linguacodus resume` continues there), else null. */
  stopped: StoppedSchema.nullable().default(null),
  /** Structured-output fallbacks auto made in this run (once per server and mechanism). */
  fallbacks: z.array(FallbackSchema).register(registry, {
    reducer: { fn: mergeFallbacks },
    default: () => [],
  }),
  /** Path of the validated submission.csv in the run directory. */
  submissionPath: z.string().nullable().default(null).describe("The validated submission.csv, else null"),
  /** Result (set by report): the validation score the accepted script reported, else null. */
  validationScore: z.number().nullable().default(null).describe("Validation score the script reported, else null"),
  /** Result (set by report): the metric the solution is scored with, else null. */
  metric: z.string().nullable().default(null).describe("The metric the solution is scored with, else null"),
  /** Result (set by report): whether a higher metric value is better (false: lower is better), else null. */
  higherIsBetter: z.boolean().nullable().default(null).describe("Whether a higher metric value is better (false: lower is better)"),
  /** Result (set by report): title of the instruction the code was generated from, else null. */
  instructionTitle: z.string().nullable().default(null).describe("Title of the instruction the code was generated from"),
  /** Result (set by report): the run's report.html, else null. */
  reportPath: z.string().nullable().default(null).describe("The run's report.html, else null"),
  /** Every model call's cost, appended. */
  usage: z.array(ModelUsageSchema).register(registry, {
    reducer: { fn: (a: ModelUsage[], b: ModelUsage[]) => [...a, ...b] },
    default: () => [],
  }),
});

/** The state as nodes read it. */
export type State = z.infer<typeof LinguacodusState>;
/** A partial state update as nodes return it. */
export type StateUpdate = Partial<State>;

/** What a caller passes to start a run: the task directory (required) and optionally where the run goes. */
export const LinguacodusInput = LinguacodusState.pick({ taskDir: true, runId: true, runDir: true });

/** What a run answers (the main graph's output): how it ended, where the submission and report are, the score and its metric. */
export const LinguacodusOutput = LinguacodusState.pick({
  status: true,
  submissionPath: true,
  validationScore: true,
  metric: true,
  higherIsBetter: true,
  instructionTitle: true,
  runDir: true,
  reportPath: true,
  error: true,
});
/** The main graph's output. */
export type Output = z.infer<typeof LinguacodusOutput>;
