import type { Fallback } from "../../models/mechanism.js";
import { summariseUsage, totalCost } from "../../models/usage.js";
import type { RunStatus, State } from "./state.js";

/** The run summary written to summary.json and shown by the CLI. */
export interface RunSummary {
  /** Final status. */
  status: RunStatus;
  /** Engine that ran. */
  engine: string | undefined;
  /** Run directory. */
  runDir: string | undefined;
  /** Validated submission, if any. */
  submissionPath: string | null;
  /** Metric and the validation score the script reported. */
  metric: string | null;
  /** Validation score, if reported. */
  validationScore: number | null;
  /** Fix attempts used. */
  fixAttempts: number;
  /** Fix attempts that repeated the previous error and so regenerated the script from the instruction. */
  escalations: Array<{ attempt: number; error: string }>;
  /** Script versions written. */
  codeVersions: number;
  /** What ended a failed run. */
  error: string | null;
  /** Where a run stopped on an error (`linguacodus resume` continues there), or null. */
  stoppedAt: string | null;
  /** Model calls, tokens and cost per role. */
  usage: ReturnType<typeof summariseUsage>;
  /** Total cost of the model calls (null when some model has no price, or no call was made). */
  cost: number | null;
  /** Structured-output fallbacks auto made (each once per run). */
  structuredFallbacks: Fallback[];
  /** Python version and installed libraries of the run's interpreter (null when not probed). */
  environment: { python: string; libraries: Record<string, string>; cpus: number; gpus: string[] } | null;
}

/** Builds the summary of a run from its state. */
export function summarise(state: Partial<State>, status: RunStatus): RunSummary {
  const env = state.environment;
  return {
    status,
    engine: state.engine,
    runDir: state.runDir,
    submissionPath: state.submissionPath ?? null,
    metric: state.profile?.metric ?? null,
    validationScore: state.submissionCheck?.validationScore ?? null,
    fixAttempts: state.fixAttempts ?? 0,
    escalations: (state.fixHistory ?? []).filter((h) => h.escalated).map((h) => ({ attempt: h.attempt, error: h.signature })),
    codeVersions: state.codeVersion ?? 0,
    error: state.error ?? null,
    stoppedAt: state.stopped?.node ?? null,
    usage: summariseUsage(state.usage ?? []),
    cost: totalCost(state.usage ?? []),
    structuredFallbacks: state.fallbacks ?? [],
    environment: env ? { python: env.python, libraries: env.libraries, cpus: env.cpus, gpus: env.gpus } : null,
  };
}
