import type { Critique, Decision, Instruction } from "../types/instruction.js";
import type { DataProfile } from "../types/profile.js";
import type { Task } from "../types/task.js";
import type { PythonExecutor } from "../tools/sandbox/executor-types.js";
import type { ModelUsage } from "../models/usage.js";
import type { Fallback } from "../models/mechanism.js";
import type { Environment } from "../types/environment.js";
import type { FailedAttempt, Failure } from "../types/failure.js";
import type { ExperienceExample } from "../types/experience.js";
import type { Trial } from "../types/trial.js";

/** The four code blocks generated in order from an instruction (the paper's Fig. 9). */
export const CODE_BLOCKS = ["preprocessing", "model", "training", "submission"] as const;
export type CodeBlock = (typeof CODE_BLOCKS)[number];

/** What every engine call sees: the task, its profile and the run's tools. */
export interface EngineInput {
  /** The loaded task. */
  task: Task;
  /** The data profile every prompt receives. */
  profile: DataProfile;
  /** The run directory, for engines that write scratch artifacts (e.g. races). */
  runDir: string;
  /** The sandboxed Python executor of this run. */
  executor: PythonExecutor;
  /** Aborts long engine work when the run is cancelled. */
  signal?: AbortSignal;
  /** Candidates a reviewer rejected: new candidates must differ from them. */
  rejected?: Instruction[];
  /** The reviewer's feedback for new candidates. */
  feedback?: string;
  /** Experiences of similar earlier tasks, closest first: the instructor's examples, the offline engine's prior. */
  experience?: ExperienceExample[];
  /** What the run's interpreter offers (python/probe_env.py), or null when the probe failed. */
  environment?: Environment | null;
  /** Epoch ms when the run's wall-time budget ends (model calls are cut there), or null. */
  deadline?: number | null;
  /** Structured-output fallbacks the run has recorded so far (auto starts below them). */
  fallbacks?: Fallback[];
}

/** Why the last execution failed, as the fixer sees it, with every earlier failed attempt of the script. */
export interface FailureReport extends Failure {
  /** Earlier failed attempts, oldest first, each with what the fix after it changed (the current one excluded). */
  history?: FailedAttempt[];
  /** The same error came twice in a row: regenerate the script from the instruction instead of patching it again. */
  escalate?: boolean;
}

/** A candidate's measured validation run, as the Decider sees it. */
export interface MeasuredScore {
  /** Candidate rank. */
  rank: number;
  /** The harness's holdout score (null: the run failed). */
  holdoutScore: number | null;
  /** The score the script printed about itself. */
  reportedScore: number | null;
  /** Why the run failed, or null. */
  failure: string | null;
}

/** The measured scores the Decider weighs, with the metric's direction. */
export interface Measured {
  /** One entry per validated candidate. */
  scores: MeasuredScore[];
  /** The holdout's metric. */
  metric: string;
  /** Whether higher is better. */
  higherIsBetter: boolean;
}

/** The best solution so far, as an improvement round starts from it. */
export interface ImprovementBase {
  /** Its instruction. */
  instruction: Instruction;
  /** Its script. */
  code: string;
  /** Its holdout score. */
  holdoutScore: number;
  /** Its script's own claim. */
  reportedScore: number | null;
  /** The holdout's metric. */
  metric: string;
  /** Whether higher is better. */
  higherIsBetter: boolean;
  /** Every validation run so far (candidates, the decision and earlier rounds). */
  history: Trial[];
}

/** One proposed change: the instruction with it made. */
export interface Improvement {
  /** The change in one sentence. */
  change: string;
  /** The instruction the coder implements. */
  instruction: Instruction;
}

/** An engine's answer plus what it cost. */
export interface EngineResult<T> {
  /** The answer. */
  value: T;
  /** Model calls made to produce it (empty for the offline engine). */
  usage: ModelUsage[];
  /** Raw model replies, kept as artifacts. */
  raw: string[];
  /** Structured-output fallbacks this call made (model engine, auto only). */
  fallbacks?: Fallback[];
}

/** The model-backed steps of the graph; implemented by the model engine and the offline engine. */
export interface Engine {
  /** "model" (chat models through OpenAI-compatible endpoints) or "offline" (knowledge-based). */
  readonly name: "model" | "offline";
  /** Writes candidate `rank` of `k` ("the instruction for the rank-th place"). */
  rankInstruction(input: EngineInput, rank: number, k: number): Promise<EngineResult<Instruction>>;
  /** Names the flaws of every candidate. */
  research(input: EngineInput, candidates: Instruction[]): Promise<EngineResult<Critique[]>>;
  /** Chooses a candidate and writes the improved final instruction; with measured holdout scores when candidates were validation-run. */
  decide(input: EngineInput, candidates: Instruction[], critiques: Critique[], measured?: Measured): Promise<EngineResult<Decision>>;
  /** Proposes one concrete change to the best solution so far (null: it has nothing more to try). */
  improve(input: EngineInput, base: ImprovementBase): Promise<EngineResult<Improvement | null>>;
  /** Writes one code block of the solution, given the blocks written before it. */
  writeBlock(
    input: EngineInput,
    instruction: Instruction,
    block: CodeBlock,
    earlier: Partial<Record<CodeBlock, string>>,
  ): Promise<EngineResult<string>>;
  /** Returns a repaired whole script, or throws NoFixError when it has no repair. */
  fix(input: EngineInput, instruction: Instruction | null, code: string, failure: FailureReport): Promise<EngineResult<string>>;
  /** Writes a whole solution straight from the description and profile (the paper's vanilla baseline). */
  vanilla(input: EngineInput): Promise<EngineResult<string>>;
}

/** Thrown by an engine's fix when it knows no repair for the failure. */
export class NoFixError extends Error {
  override readonly name = "NoFixError";
}
