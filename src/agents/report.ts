import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { summariseUsage } from "../models/usage.js";
import { renderInstructionMarkdown } from "../types/instruction.js";
import { writeArtifact, writeJsonArtifact } from "../run/artifacts.js";
import { renderRunReport } from "../run/report-html.js";
import type { RunStatus, State, StateUpdate } from "../graph/linguacodus/state.js";

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

/** Node report: settles the status and writes summary.json, report.md and report.html. */
export async function reportNode(state: State, _config: LangGraphRunnableConfig): Promise<StateUpdate> {
  if (!state.runDir) throw new Error("report needs a run directory");
  const status: RunStatus =
    state.status === "budget_exhausted" ? "budget_exhausted" : state.submissionCheck?.ok && state.submissionPath ? "succeeded" : "failed";
  const error =
    status === "failed"
      ? (state.error ?? (state.failure ? `${state.failure.summary} (after ${state.fixAttempts} fix attempts)` : "no valid submission"))
      : state.error;
  const summary = summarise({ ...state, error }, status);
  await writeJsonArtifact(state.runDir, "summary.json", summary);
  await writeArtifact(state.runDir, "report.md", renderReport(state, summary));
  await writeArtifact(state.runDir, "report.html", await renderRunReport({ ...state, status, error }, summary));
  return { status, error };
}

function renderReport(state: State, summary: RunSummary): string {
  const lines = [
    `# Linguacodus run: ${state.task?.title ?? state.taskDir}`,
    "",
    `- Status: **${summary.status}**${summary.error ? ` — ${summary.error}` : ""}`,
    `- Engine: ${summary.engine}`,
    `- Metric: ${summary.metric ?? "unknown"}; validation score: ${summary.validationScore ?? "not reported"}`,
    `- Submission: ${summary.submissionPath ?? "none"}`,
    `- Fix attempts: ${summary.fixAttempts}; script versions: ${summary.codeVersions}`,
    "",
  ];
  if (state.decision) lines.push(`## Decision`, "", `Chosen candidate ${state.decision.chosen}. ${state.decision.rationale}`, "");
  if (state.instruction) lines.push(renderInstructionMarkdown(state.instruction));
  return lines.join("\n");
}
