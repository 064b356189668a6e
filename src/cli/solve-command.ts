import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { graph as linguacodus } from "../graph/linguacodus/graph.js";
import { LinguacodusContext, type Context } from "../graph/linguacodus/context.js";
import type { State } from "../graph/linguacodus/state.js";
import type { NodeStartEvent } from "../graph/linguacodus/instrument.js";
import { summarise, type RunSummary } from "../agents/report.js";
import { writeJsonArtifact } from "../run/artifacts.js";
import { TaskError } from "../tools/load-task.js";
import { Progress } from "./progress.js";

const USAGE = `usage: linguacodus solve <task-dir> [--out DIR] [--candidates N] [--max-fixes N] [--timeout S]
       [--engine auto|model|offline] [--race] [--memory MB] [--python PATH] [--unsafe-no-sandbox] [--json]`;

const OPTIONS = {
  out: { type: "string" },
  candidates: { type: "string" },
  "max-fixes": { type: "string" },
  timeout: { type: "string" },
  engine: { type: "string" },
  race: { type: "boolean" },
  memory: { type: "string" },
  python: { type: "string" },
  "unsafe-no-sandbox": { type: "boolean" },
  json: { type: "boolean" },
} as const;

/** Exit codes: 0 solved, 1 the run failed, 2 bad input or configuration. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Parses solve's arguments into the task directory and the run context. */
export function parseSolveArgs(argv: string[]): { taskDir: string; context: Context; json: boolean } {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError("expected exactly one task directory");
  const number = (name: keyof typeof OPTIONS) => {
    const raw = values[name];
    if (typeof raw !== "string") return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new UsageError(`--${name} needs a number, got "${raw}"`);
    return value;
  };
  const parsed = LinguacodusContext.safeParse({
    engine: values.engine,
    candidates: number("candidates"),
    maxFixes: number("max-fixes"),
    execTimeoutSeconds: number("timeout"),
    execMemoryMb: number("memory"),
    runDir: values.out ? resolve(values.out) : undefined,
    python: values.python,
    sandbox: values["unsafe-no-sandbox"] ? "none" : undefined,
    race: values.race,
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return { taskDir: resolve(positionals[0]), context: parsed.data, json: values.json === true };
}

/** A command-line mistake. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** `linguacodus solve`: runs the whole graph on a task with live progress and a final summary. */
export async function solveCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseSolveArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (args.context.sandbox === "none") {
    process.stderr.write("WARNING: --unsafe-no-sandbox: generated code runs WITHOUT isolation, with your user's rights.\n");
  }
  const progress = new Progress();
  progress.start();
  let last: Partial<State> = { taskDir: args.taskDir };
  let summary: RunSummary;
  try {
    const stream = await linguacodus.stream(
      { taskDir: args.taskDir },
      { context: args.context, streamMode: ["values", "custom"], subgraphs: true, recursionLimit: 200 },
    );
    for await (const [, mode, chunk] of stream) {
      if (mode === "values") last = { ...last, ...(chunk as Partial<State>) };
      else if (isNodeStart(chunk)) progress.node(chunk.node, chunk.fixAttempts);
    }
    summary = summarise(last, last.status ?? "failed");
  } catch (error) {
    progress.stop();
    const message = error instanceof Error ? error.message : String(error);
    if (!last.runDir) {
      process.stderr.write(`error: ${message}\n`);
      return error instanceof TaskError || /No model is configured/.test(message) ? EXIT.usage : EXIT.failed;
    }
    summary = summarise({ ...last, error: message }, "failed");
    await writeJsonArtifact(last.runDir, "summary.json", summary);
  }
  progress.stop();
  printSummary(summary, progress.seconds(), args.json);
  return summary.status === "succeeded" ? EXIT.ok : EXIT.failed;
}

function isNodeStart(chunk: unknown): chunk is NodeStartEvent {
  return typeof chunk === "object" && chunk !== null && (chunk as { event?: unknown }).event === "node_start";
}

function printSummary(summary: RunSummary, seconds: number, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify({ ...summary, seconds }) + "\n");
    return;
  }
  const calls = Object.entries(summary.usage);
  const lines = [
    "",
    `status:      ${summary.status}${summary.error ? ` — ${summary.error}` : ""}`,
    `engine:      ${summary.engine ?? "none"}`,
    `run dir:     ${summary.runDir ?? "none"}`,
    `submission:  ${summary.submissionPath ?? "none"}`,
    `validation:  ${summary.validationScore ?? "not reported"}${summary.metric ? ` (${summary.metric})` : ""}`,
    `fixes:       ${summary.fixAttempts}`,
    `model calls: ${calls.length ? calls.map(([role, u]) => `${role} ${u.calls} (${u.inputTokens}+${u.outputTokens} tokens)`).join(", ") : "none"}`,
    `time:        ${seconds.toFixed(1)}s`,
  ];
  process.stdout.write(lines.join("\n") + "\n");
}
