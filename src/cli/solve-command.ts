import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Context } from "../graph/linguacodus/context.js";
import { chooseEngine } from "../graph/linguacodus/services.js";
import { type RunSummary, statusText } from "../graph/linguacodus/summary.js";
import { loadTask } from "../tools/task/load-task.js";
import { STORE_FILE, storePath } from "../memory/local-store.js";
import { solveQueued } from "./solve-queued.js";
import { checkpointThreads } from "../run/checkpointer.js";
import { lockRunDir } from "../run/run-lock.js";
import {
  newRunId,
  readRunRecord,
  replaceRunRecord,
  RUN_RECORD,
  type RunRecord,
  RunRecordError,
  writeRunRecord,
} from "../run/run-record.js";
import { type DriveResult, driveRun } from "./drive-run.js";
import { SIGNAL_EXIT } from "./stop-signals.js";
import { numberOption, runContext } from "./run-options.js";
import { parseFlags, UsageError } from "./flags.js";
import { helpText, usageMistake } from "./help-text.js";
import { SOLVE } from "./solve-flags.js";
import { printable } from "../tools/sandbox/plain-text.js";

/** Exit codes: 0 solved, 1 the run failed, 2 bad input or configuration (or a run directory in use), 3 paused for review; 130/143 stopped by SIGINT/SIGTERM. */
export const EXIT = { ok: 0, failed: 1, usage: 2, paused: 3 } as const;

/** Parsed solve arguments. */
interface SolveArgs {
  /** The task directory. */
  taskDir: string;
  /** The run context. */
  context: Context;
  /** Print the summary as JSON. */
  json: boolean;
  /** --experience-store, if given. */
  experienceStore?: string;
  /** The job queue's database, or null to run here. */
  queue: string | null;
}

/** Parses solve's arguments into the task directory and the run context; "help" for --help. */
export function parseSolveArgs(argv: string[]): SolveArgs | "help" {
  const parsed = parseFlags(SOLVE, argv);
  if (parsed === "help") return "help";
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError("expected exactly one task directory");
  const context = runContext(values, {
    runDir: values.out ? resolve(values.out) : undefined,
    review: values.review,
    maxModelTokens: numberOption(values, "max-tokens"),
    maxModelCalls: numberOption(values, "max-calls"),
    maxWallSeconds: numberOption(values, "max-seconds"),
  });
  if (values.queue !== undefined && !/^postgres(ql)?:\/\//.test(values.queue)) throw new UsageError("--queue needs a postgres:// URL");
  if (values.queue !== undefined && values.review) throw new UsageError("--review cannot be answered through the queue; solve locally");
  return {
    taskDir: resolve(positionals[0]),
    context,
    json: values.json === true,
    experienceStore: values["experience-store"],
    queue: values.queue ?? null,
  };
}

/** `linguacodus solve`: runs the whole graph on a task with live progress and a final summary. */
export async function solveCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseSolveArgs(argv);
  } catch (error) {
    process.stderr.write(usageMistake(SOLVE, (error as Error).message));
    return EXIT.usage;
  }
  if (args === "help") {
    process.stdout.write(helpText(SOLVE));
    return EXIT.ok;
  }
  if (args.context.sandbox === "none") {
    process.stderr.write("WARNING: --unsafe-no-sandbox: generated code runs WITHOUT isolation, with your user's rights.\n");
  }
  let engine: "model" | "offline";
  try {
    // Fail on a bad task or a missing model before anything is written.
    await loadTask(args.taskDir);
    engine = chooseEngine(args.context);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  if (args.queue) {
    const started = Date.now();
    const summary = await solveQueued(args.queue, args.taskDir, args.context).catch((error: Error) => error);
    if (summary instanceof Error) {
      process.stderr.write(`error: ${summary.message}\n`);
      return EXIT.failed;
    }
    printSummary(summary, (Date.now() - started) / 1000, args.json);
    return summary.status === "succeeded" ? EXIT.ok : EXIT.failed;
  }
  const runId = newRunId(args.taskDir);
  const runDir = args.context.runDir ?? resolve(args.context.runsDir, runId);
  const context = { ...args.context, runDir };
  const record = { runId, taskDir: args.taskDir, context, createdAt: new Date().toISOString() };
  let release: () => Promise<void>;
  try {
    release = await lockRunDir(runDir);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  try {
    const refusal = await claimRunDir(runDir, record);
    if (refusal) {
      process.stderr.write(`error: ${refusal}\n`);
      return EXIT.usage;
    }
    const why = engine === "offline" && args.context.engine === "auto" ? " (no model is configured)" : "";
    process.stderr.write(`run ${runId} → ${runDir}\nengine: ${engine}${why}\n`);
    const started = Date.now();
    const result = await driveRun({
      runDir,
      threadId: runId,
      context,
      taskDir: args.taskDir,
      resume: false,
      review: context.review ? { kind: "interactive" } : { kind: "pause" },
      experienceStore: storePath(args.experienceStore, join(dirname(runDir), STORE_FILE)),
    });
    printSummary(result.summary, (Date.now() - started) / 1000, args.json);
    return exitCode(result);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.failed;
  } finally {
    await release();
  }
}

/**
 * Writes run.json into a new run directory, or over an empty or damaged one that holds no
 * checkpoint (a run killed before it began); returns why the directory cannot take the run.
 */
async function claimRunDir(runDir: string, record: RunRecord): Promise<string | null> {
  if (!existsSync(join(runDir, RUN_RECORD))) {
    await writeRunRecord(runDir, record);
    return null;
  }
  const existing = await readRunRecord(runDir).catch((error: unknown) => error);
  if (!(existing instanceof RunRecordError && existing.damaged)) {
    return `${runDir} already holds a run; continue it with: linguacodus resume ${runDir}`;
  }
  if ((await checkpointThreads(runDir)).length > 0) {
    return `${existing.message}, but it holds checkpoints; continue it with: linguacodus resume ${runDir}`;
  }
  await replaceRunRecord(runDir, record);
  return null;
}

/** The exit code of a driven run: paused, solved, stopped by a signal, or failed. */
export function exitCode(result: DriveResult): number {
  if (result.paused) return EXIT.paused;
  if (result.stoppedBy) return SIGNAL_EXIT[result.stoppedBy];
  return result.summary.status === "succeeded" ? EXIT.ok : EXIT.failed;
}

/** The validation line: the score, its metric, which way is better, and where the score comes from. */
function validationText(summary: RunSummary): string {
  const direction = summary.higherIsBetter === null ? null : summary.higherIsBetter ? "higher is better" : "lower is better";
  const source = summary.validationSource === "holdout" ? "on the holdout" : null;
  const about = [summary.metric, direction, source].filter(Boolean).join(", ");
  return `${summary.validationScore ?? "not reported"}${about ? ` (${about})` : ""}`;
}

/**
 * Prints the final summary: status (paused for review, interrupted), the instruction's title,
 * submission, validation score with its metric and direction, report, model calls and tokens,
 * time (text without control characters; --json exact).
 */
export function printSummary(summary: RunSummary, seconds: number, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify({ ...summary, seconds }) + "\n");
    return;
  }
  const calls = Object.entries(summary.usage);
  const lines = [
    "",
    `status:      ${statusText(summary.status)}${summary.error ? ` — ${summary.error}` : ""}`,
    `instruction: ${summary.instructionTitle ?? "none"}`,
    `engine:      ${summary.engine ?? "none"}`,
    `run dir:     ${summary.runDir ?? "none"}`,
    `submission:  ${summary.submissionPath ?? "none"}`,
    `validation:  ${validationText(summary)}`,
    `report:      ${summary.reportPath ?? "none"}`,
    `fixes:       ${summary.fixAttempts}`,
    `model calls: ${calls.length ? calls.map(([role, u]) => `${role} ${u.calls} (${u.inputTokens}+${u.outputTokens} tokens${u.cost !== null ? `, ${u.cost.toFixed(4)}` : ""})`).join(", ") : "none"}`,
    ...(summary.cost !== null ? [`model cost:  ${summary.cost.toFixed(4)}`] : []),
    ...summary.structuredFallbacks.map((f) => `structured:  ${f.model}: ${f.from} → ${f.to} (${f.reason})`),
    ...summary.escalations.map((e) => `escalated:   attempt ${e.attempt} repeated ${e.error}: regenerated from the instruction`),
    `time:        ${seconds.toFixed(1)}s`,
  ];
  process.stdout.write(lines.map(printable).join("\n") + "\n");
}
