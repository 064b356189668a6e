import { z } from "zod";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { ModelsSettingsSchema } from "../../models/config.js";
import { ExperienceModeSchema } from "../../types/experience.js";

/** Run settings, given as LangGraph runtime context (Studio renders them as a form). */
export const LinguacodusContext = z.object({
  /** Which engine drives the model-backed nodes: a model, the offline engine, or auto (model when configured). */
  engine: z.enum(["auto", "model", "offline"]).default("auto").describe("auto: model when one is configured, else offline"),
  /** Number of candidate instructions (k). */
  candidates: z.number().int().min(1).max(10).default(3).describe("Number of candidate instructions"),
  /** Fix attempts allowed after the first execution. */
  maxFixes: z.number().int().min(0).max(20).default(3).describe("Fix attempts after the first run"),
  /** Wall-time limit of one script execution, in seconds. */
  execTimeoutSeconds: z.number().positive().default(600).describe("Wall-time limit per script run (s)"),
  /** Memory limit of one script execution, in MiB. */
  execMemoryMb: z.number().int().positive().default(4096).describe("Memory limit per script run (MiB)"),
  /** CPU threads numeric libraries may use in one script run (null: the executor's default). */
  execThreads: z.number().int().positive().nullable().default(null).describe("CPU threads per script run (null: default)"),
  /** Directory under which run directories are created. */
  runsDir: z.string().default("runs").describe("Directory for run directories"),
  /** Exact run directory to use (overrides runsDir). */
  runDir: z.string().nullable().default(null).describe("Exact run directory (overrides runsDir)"),
  /** Python interpreter for profiling and generated code. */
  python: z
    .string()
    .default(process.env.LINGUACODUS_PYTHON ?? "/usr/bin/python3")
    .describe("Python interpreter"),
  /** Isolation of generated code: bubblewrap when available (auto), bubblewrap required, or none (unsafe). */
  sandbox: z.enum(["auto", "bwrap", "none"]).default("auto").describe("auto/bwrap fail closed without bubblewrap; none is unsafe"),
  /** Offline engine: race every candidate with a quick cross-validation and decide by score. */
  race: z.boolean().default(false).describe("Offline engine: decide by racing candidates"),
  /** How the solution is chosen: measured (every candidate is validation-run and scored on the holdout) or paper (the Decider chooses before code runs). */
  selection: z
    .enum(["measured", "paper"])
    .default("paper")
    .describe("measured: every candidate runs and the holdout score decides; paper: the Decider chooses before code runs"),
  /** Improvement rounds after selection: the Researcher proposes a change, kept only when the holdout score improves. */
  improveRounds: z.number().int().min(0).max(50).default(0).describe("Improvement rounds after selection"),
  /** Improvement stops after this many rounds in a row without a holdout gain. */
  improvePatience: z.number().int().min(1).max(50).default(2).describe("Rounds without gain before improvement stops"),
  /** Validation runs executed at once (null: CPU cores divided by the threads per run). */
  parallelRuns: z.number().int().positive().nullable().default(null).describe("Validation runs at once (null: cores / threads)"),
  /** Pause after decide so a person approves, edits or regenerates the instruction. */
  review: z.boolean().default(false).describe("Interrupt after decide for human review"),
  /** Budget: most model tokens (input + output) the run may spend; null for no limit. */
  maxModelTokens: z.number().int().positive().nullable().default(null).describe("Token budget (null: none)"),
  /** Budget: most model calls the run may make; null for no limit. */
  maxModelCalls: z.number().int().positive().nullable().default(null).describe("Model-call budget (null: none)"),
  /** Budget: most wall-clock seconds the run may take; null for no limit. */
  maxWallSeconds: z.number().positive().nullable().default(null).describe("Wall-time budget in seconds (null: none)"),
  /** Time limit of one model call, in seconds. */
  modelTimeoutSeconds: z.number().positive().default(180).describe("Time limit per model call (s)"),
  /** Largest model reply read, in KiB: a longer reply is cut, kept only in part in raw/, and never resent. */
  modelMaxReplyKb: z.number().int().positive().default(1024).describe("Largest model reply read (KiB)"),
  /** Retries of a failed model request before the error surfaces. */
  modelRetries: z.number().int().min(0).max(10).default(2).describe("Retries per failed model request"),
  /** Experience memory: recall similar earlier tasks and record this run (on), recall only (read-only), or neither (off). */
  experience: ExperienceModeSchema.default("on").describe("Experience memory: on, read-only (recall, never record) or off"),
  /** Per-role model settings (API keys come from the environment). */
  models: ModelsSettingsSchema.default({}).describe(
    "Per-role model, base URL, temperature, prompt format, structured-output mechanism; prices per model",
  ),
});

/** Parsed run settings. */
export type Context = z.infer<typeof LinguacodusContext>;

/** Reads and validates the run context of a node call, filling defaults. */
export function readContext(config: LangGraphRunnableConfig | undefined): Context {
  const raw = (config as { context?: unknown } | undefined)?.context ?? {};
  return LinguacodusContext.parse(raw);
}

/** Builds a full run context from partial settings (defaults filled, values validated). */
export function makeContext(settings: z.input<typeof LinguacodusContext> = {}): Context {
  return LinguacodusContext.parse(settings);
}
