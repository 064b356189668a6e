import { join } from "node:path";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { renderInstructionMarkdown } from "../types/instruction.js";
import { writeArtifact, writeJsonArtifact } from "../run/artifacts.js";
import { renderRunReport } from "../report/run-report.js";
import { readRunFacts, type RunFacts } from "../report/run-facts.js";
import { experienceMarkdown } from "../report/experience-section.js";
import type { RunStatus, State, StateUpdate } from "../graph/linguacodus/state.js";
import { summarise, type AttemptSummary, type RunSummary } from "../graph/linguacodus/summary.js";
import { currentAttempt, currentFailure, fixAttempts } from "../graph/linguacodus/attempts.js";

/** The result fields of the state (the main graph's output) from a run's summary. */
function resultFields(summary: RunSummary): StateUpdate {
  return {
    validationScore: summary.validationScore,
    metric: summary.metric,
    higherIsBetter: summary.higherIsBetter,
    instructionTitle: summary.instructionTitle,
    reportPath: summary.reportPath,
  };
}

/**
 * Node report: settles the status and result fields and writes summary.json, report.md and
 * report.html. A run stopped by an error (resumable) gets stopped.json instead, so its final
 * summary stays for the resumed run; without a run directory (the task never loaded) it only
 * settles the state.
 */
export async function reportNode(state: State, _config: LangGraphRunnableConfig): Promise<StateUpdate> {
  if (state.stopped) {
    const summary = summarise({ ...state, reportPath: null }, "failed");
    if (state.runDir) await writeJsonArtifact(state.runDir, "stopped.json", summary);
    return { status: "failed", ...resultFields(summary) };
  }
  if (!state.runDir)
    return { status: state.status === "running" ? "failed" : state.status, error: state.error ?? "the run has no run directory" };
  const status: RunStatus =
    state.status === "budget_exhausted"
      ? "budget_exhausted"
      : currentAttempt(state.attempts)?.check?.ok && state.submissionPath
        ? "succeeded"
        : "failed";
  const failure = currentFailure(state.attempts);
  const error =
    status === "failed"
      ? (state.error ?? (failure ? `${failure.summary} (after ${fixAttempts(state.attempts)} fix attempts)` : "no valid submission"))
      : state.error;
  const summary = summarise({ ...state, error, reportPath: join(state.runDir, "report.html") }, status);
  const facts = await readRunFacts(state);
  await writeJsonArtifact(state.runDir, "summary.json", summary);
  await writeArtifact(state.runDir, "report.md", renderReport(state, summary, facts));
  await writeArtifact(state.runDir, "report.html", await renderRunReport({ ...state, status, error }, summary, facts));
  return { status, error, ...resultFields(summary) };
}

/** One attempt as a row of the report's attempts table. */
function attemptRow(run: string, a: AttemptSummary): string {
  const cells = [
    run,
    `v${a.version}`,
    `${a.origin}${a.change ? `: ${a.change}` : ""}`,
    a.exit === null ? "not run" : `exit ${a.exit}${a.limitHit ? ` (limit ${a.limitHit})` : ""}`,
    a.execMs === null ? "" : `${(a.execMs / 1000).toFixed(1)} s`,
    String(a.reportedScore ?? "none"),
    String(a.holdoutScore ?? ""),
    a.error ?? "",
  ];
  return `| ${cells.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;
}

/** Every script version of the final run and of each validation run. */
function attemptsTable(summary: RunSummary): string[] {
  const runs: Array<[string, AttemptSummary[]]> = [
    ...summary.candidates.map((c): [string, AttemptSummary[]] => [`candidate-${c.rank}`, c.attempts]),
    ...summary.rounds.map((r): [string, AttemptSummary[]] => [r.key, r.attempts]),
    ["final run", summary.attempts],
  ];
  const rows = runs.flatMap(([run, attempts]) => attempts.map((a) => attemptRow(run, a)));
  if (rows.length === 0) return [];
  return [
    "## Attempts",
    "",
    "| run | version | written by | ran | script time | script's claim | holdout | failure |",
    "|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
  ];
}

function renderReport(state: State, summary: RunSummary, facts: RunFacts): string {
  const lines = [
    `# Linguacodus run: ${state.task?.title ?? state.taskDir}`,
    "",
    `- Status: **${summary.status}**${summary.error ? ` — ${summary.error}` : ""}`,
    `- Engine: ${summary.engine}`,
    `- Metric: ${summary.metric ?? "unknown"}; validation score: ${summary.validationScore ?? "not reported"}${summary.validationSource === "holdout" ? " (the harness's holdout score)" : ""}`,
    ...(summary.selection === "measured"
      ? [`- Selection: measured; best run ${summary.bestRun ?? "none"}; ${summary.searchStop ?? ""}`]
      : []),
    `- Submission: ${summary.submissionPath ?? "none"}`,
    `- Fix attempts: ${summary.fixAttempts}; script versions: ${summary.codeVersions}`,
    ...summary.escalations.map(
      (e) => `- Attempt ${e.attempt} repeated the previous error (${e.error}): the script was regenerated from the instruction`,
    ),
    ...(summary.cost !== null ? [`- Model cost: ${summary.cost.toFixed(4)}`] : []),
    ...summary.structuredFallbacks.map(
      (f) => `- Structured output for ${f.model}${f.server ? ` at ${f.server}` : ""}: ${f.from} → ${f.to} (${f.reason})`,
    ),
    "",
  ];
  if (state.instruction || state.experience) lines.push(...experienceMarkdown(state.experience));
  if (summary.candidates.length || summary.rounds.length) {
    lines.push("## Leaderboard", "", "| run | holdout | script's claim | note |", "|---|---|---|---|");
    for (const c of summary.candidates) {
      lines.push(
        `| candidate ${c.rank}: ${c.title}${c.chosen ? " (chosen)" : ""} | ${c.holdoutScore ?? "none"} | ${c.reportedScore ?? "none"} | ${c.failure ?? c.reportedNote ?? ""} |`,
      );
    }
    for (const r of summary.rounds) {
      lines.push(
        `| ${r.key}${r.change ? `: ${r.change}` : ""} | ${r.holdoutScore ?? "none"} | | ${r.failure ?? (r.kept ? "kept" : "not kept")} |`,
      );
    }
    lines.push("");
  }
  lines.push(...attemptsTable(summary));
  if (facts.metrics.metrics) {
    const { models, blend } = facts.metrics.metrics;
    lines.push("## Models and blend (the script's metrics.json)", "", "| model | validation score | blend weight |", "|---|---|---|");
    for (const m of models) lines.push(`| ${m.name.replace(/\|/g, "\\|")} | ${m.validationScore} | ${blend?.[m.name] ?? ""} |`);
    lines.push("");
  } else if (state.code) lines.push("## Models and blend", "", `No per-model scores: ${facts.metrics.note}.`, "");
  if (state.decision) lines.push(`## Decision`, "", `Chosen candidate ${state.decision.chosen}. ${state.decision.rationale}`, "");
  if (state.instruction) lines.push(renderInstructionMarkdown(state.instruction));
  return lines.join("\n");
}
