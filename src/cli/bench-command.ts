import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Context } from "../graph/linguacodus/context.js";
import { numberOption, runContext } from "./run-options.js";
import { parseFlags, UsageError } from "./flags.js";
import { helpText, usageMistake } from "./help-text.js";
import { BENCH, DEFAULT_RESULTS_DIR } from "./bench-flags.js";
import { runBench } from "../bench/bench.js";
import { BenchProgress } from "../bench/progress.js";
import { formatPercent, formatScore, formatSeconds } from "../report/format.js";
import type { BenchMode, BenchResults } from "../bench/result.js";
import { SuiteError } from "../bench/suite.js";
import { STORE_FILE, storePath } from "../memory/local-store.js";
import { openQueuedRunner } from "../queue/client.js";
import { DEFAULT_TASK_TIMEOUT_SECONDS } from "../queue/policy.js";

/** Exit codes: 0 the bench ran (whatever the tasks scored), 1 it broke, 2 bad input, 130 stopped by SIGINT. */
export const BENCH_EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** Parsed bench arguments. */
export interface BenchArgs {
  /** Suite directory. */
  suite: string;
  /** Task ids to run (undefined: all). */
  tasks: string[] | undefined;
  /** Modes. */
  modes: BenchMode[];
  /** Parallel jobs. */
  concurrency: number;
  /** Output directory, or null to pick (a new timestamped one, or the latest with --resume). */
  out: string | null;
  /** Skip finished task/mode pairs. */
  resume: boolean;
  /** Run context. */
  context: Context;
  /** Whole-run limit per task in seconds, or null. */
  taskTimeoutSeconds: number | null;
  /** Print results.json on stdout instead of a table. */
  json: boolean;
  /** --experience-store, if given. */
  experienceStore: string | undefined;
  /** Runs per task and mode. */
  seeds: number;
  /** The job queue's database, or null to run here. */
  queue: string | null;
}

/** Parses bench's arguments. */
export function parseBenchArgs(argv: string[]): BenchArgs | "help" {
  const parsed = parseFlags(BENCH, argv);
  if (parsed === "help") return "help";
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError("expected exactly one suite directory");
  const number = (name: keyof typeof BENCH.flags) => numberOption(values, name);
  const mode = values.mode ?? "pipeline";
  if (mode !== "pipeline" && mode !== "vanilla" && mode !== "both")
    throw new UsageError(`--mode must be pipeline, vanilla or both, got "${mode}"`);
  const selection = values.selection ?? "paper";
  if (selection !== "paper" && selection !== "measured" && selection !== "both")
    throw new UsageError(`--selection must be paper, measured or both, got "${selection}"`);
  const pipelines: BenchMode[] = selection === "both" ? ["pipeline", "measured"] : selection === "measured" ? ["measured"] : ["pipeline"];
  const concurrency = number("concurrency") ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError("--concurrency needs a whole number ≥ 1");
  const taskTimeout = number("task-timeout");
  const seeds = number("seeds") ?? 1;
  if (!Number.isInteger(seeds) || seeds < 1) throw new UsageError("--seeds needs a whole number ≥ 1");
  if (values.queue !== undefined && !/^postgres(ql)?:\/\//.test(values.queue)) throw new UsageError("--queue needs a postgres:// URL");
  if (values.queue !== undefined && values.concurrency !== undefined)
    throw new UsageError("--concurrency is the workers' setting with --queue (linguacodus worker --concurrency N)");
  return {
    suite: resolve(positionals[0]),
    tasks: values.tasks
      ?.split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    modes: mode === "vanilla" ? ["vanilla"] : mode === "both" ? [...pipelines, "vanilla"] : pipelines,
    concurrency,
    out: values.out ? resolve(values.out) : null,
    resume: values.resume === true,
    context: runContext({ ...values, selection: undefined }),
    taskTimeoutSeconds: taskTimeout ? taskTimeout : values.queue ? DEFAULT_TASK_TIMEOUT_SECONDS : null,
    json: values.json === true,
    experienceStore: values["experience-store"],
    seeds,
    queue: values.queue ?? null,
  };
}

/** `linguacodus bench`: runs a suite with a live display, then prints the results table. */
export async function benchCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseBenchArgs(argv);
  } catch (error) {
    process.stderr.write(usageMistake(BENCH, (error as Error).message));
    return BENCH_EXIT.usage;
  }
  if (args === "help") {
    process.stdout.write(helpText(BENCH));
    return BENCH_EXIT.ok;
  }
  const out = args.out ?? (args.resume ? await latestResultsDir() : null) ?? resolve(DEFAULT_RESULTS_DIR, timestamp());
  if (args.context.sandbox === "none") {
    process.stderr.write("WARNING: --unsafe-no-sandbox: generated code runs WITHOUT isolation, with your user's rights.\n");
  }
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.once("SIGINT", onSigint);
  let queued: Awaited<ReturnType<typeof openQueuedRunner>> | null = null;
  try {
    if (args.queue) queued = await openQueuedRunner(args.queue, stop.signal, (message) => process.stderr.write(`${message}\n`));
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.removeListener("SIGINT", onSigint);
    return BENCH_EXIT.failed;
  }
  try {
    const outcome = await runBench({
      suite: args.suite,
      seeds: args.seeds,
      runner: queued?.runner,
      tasks: args.tasks,
      modes: args.modes,
      concurrency: args.concurrency,
      out,
      resume: args.resume,
      context: args.context,
      taskTimeoutSeconds: args.taskTimeoutSeconds,
      signal: stop.signal,
      progress: (total) => new BenchProgress(total),
      experienceStore: storePath(args.experienceStore, join(out, STORE_FILE)),
    });
    const doc = outcome.store.snapshot();
    if (args.json) process.stdout.write(JSON.stringify(doc) + "\n");
    else process.stdout.write(renderTable(doc, out, outcome.engine, outcome.threads));
    if (outcome.aborted) {
      const queuedNote = args.queue ? " (queued jobs keep running on the workers; --resume follows them again)" : "";
      process.stderr.write(
        `interrupted — continue with: linguacodus bench ${args.suite} --resume --out ${out} (and the same options)\n` +
          `${outcome.ran} task run(s) recorded${queuedNote}\n`,
      );
      return BENCH_EXIT.interrupted;
    }
    return BENCH_EXIT.ok;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message}\n`);
    return error instanceof SuiteError || /No model is configured|not configured/i.test(message) ? BENCH_EXIT.usage : BENCH_EXIT.failed;
  } finally {
    process.removeListener("SIGINT", onSigint);
    await queued?.close();
  }
}

/** The results as a plain-text table with totals. */
export function renderTable(doc: BenchResults, out: string, engine: string, threads: number | null): string {
  const header = ["task", "mode", "status", "valid", "score", "floor", "ref", "norm", "time", "fixes", "calls", "tokens"];
  const rows = [...doc.results]
    .sort((a, b) => a.task.localeCompare(b.task) || a.mode.localeCompare(b.mode))
    .map((r) => {
      const usage = Object.values(r.usage);
      return [
        r.task,
        r.seed > 0 ? `${r.mode}#${r.seed}` : r.mode,
        r.status,
        r.valid ? "yes" : "no",
        formatScore(r.score),
        formatScore(r.floor),
        formatScore(r.reference),
        r.normalised === null ? "—" : r.normalised.toFixed(3),
        formatSeconds(r.seconds.total),
        String(r.fixAttempts),
        String(usage.reduce((a, u) => a + u.calls, 0)),
        String(usage.reduce((a, u) => a + u.inputTokens + u.outputTokens, 0)),
      ];
    });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const totals = doc.totals.map(
    (t) =>
      `${t.mode}: ${t.valid}/${t.tasks} valid (${formatPercent(t.validRate)}), mean normalised ${t.meanNormalised === null ? "—" : t.meanNormalised.toFixed(3)} over ${t.normalisedTasks} task(s), median time ${formatSeconds(t.medianSeconds)}, ${t.modelCalls} model calls, ${t.tokens} tokens`,
  );
  return [
    "",
    `engine: ${engine} · ${threads === null ? "threads per task set by each worker" : `${threads} thread(s) per task`} · results in ${out}`,
    "",
    line(header),
    ...rows.map(line),
    "",
    ...totals,
    `report: ${join(out, "report.html")}`,
    "",
  ].join("\n");
}

/** The newest bench-results/<dir> holding a results.json, or null. */
async function latestResultsDir(): Promise<string | null> {
  const root = resolve(DEFAULT_RESULTS_DIR);
  const names = await readdir(root).catch(() => [] as string[]);
  for (const name of names.sort().reverse()) {
    if (await stat(join(root, name, "results.json")).catch(() => null)) return join(root, name);
  }
  return null;
}

/** 20260101-120000 (local time is not used; UTC keeps names sortable). */
function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}
