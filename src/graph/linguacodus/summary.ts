import { summariseUsage } from "../../models/usage.js";
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
  /** Script versions written. */
  codeVersions: number;
  /** What ended a failed run. */
  error: string | null;
  /** Model calls and tokens per role. */
  usage: ReturnType<typeof summariseUsage>;
}

/** Builds the summary of a run from its state. */
export function summarise(state: Partial<State>, status: RunStatus): RunSummary {
  return {
    status,
    engine: state.engine,
    runDir: state.runDir,
    submissionPath: state.submissionPath ?? null,
    metric: state.profile?.metric ?? null,
    validationScore: state.submissionCheck?.validationScore ?? null,
    fixAttempts: state.fixAttempts ?? 0,
    codeVersions: state.codeVersion ?? 0,
    error: state.error ?? null,
    usage: summariseUsage(state.usage ?? []),
  };
}
