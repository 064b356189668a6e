import { existsSync, statSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseFlags } from "./flags.js";
import { helpText, usageMistake } from "./help-text.js";
import { EXEC } from "./exec-flags.js";
import type { ExecLimits, ExecResult } from "../tools/sandbox/executor-types.js";
import { createPythonExecutor } from "../tools/sandbox/python-executor.js";
import { printable } from "../tools/sandbox/plain-text.js";

/** Exit code for usage errors, a missing script, or no usable sandbox. */
const EXIT_USAGE = 2;

/** Numeric options and the limit each sets. */
const LIMIT_OPTIONS: ReadonlyArray<readonly [keyof typeof EXEC.flags, keyof ExecLimits]> = [
  ["timeout", "wallSeconds"],
  ["memory", "memoryMb"],
  ["cpu", "cpuSeconds"],
  ["file-size", "fileSizeMb"],
  ["processes", "maxProcesses"],
  ["output-bytes", "outputBytes"],
  ["threads", "threads"],
  ["max-files", "maxFiles"],
  ["disk", "diskMb"],
];

/** `linguacodus exec`: runs one script under the executor; returns 0 only when the script succeeded. */
export async function execCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseFlags(EXEC, argv);
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (parsed === "help") {
    process.stdout.write(helpText(EXEC));
    return 0;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return usageError("expected exactly one script");
  const script = resolve(positionals[0]);
  if (!existsSync(script) || !statSync(script).isFile()) return usageError(`script not found: ${script}`);
  if (values.task !== undefined && !existsSync(values.task)) return usageError(`task directory not found: ${values.task}`);
  const limits: Partial<ExecLimits> = {};
  for (const [name, field] of LIMIT_OPTIONS) {
    const raw = values[name];
    if (typeof raw !== "string") continue;
    const value = Number(raw);
    if (!(value > 0)) return usageError(`--${name} must be a positive number, got "${raw}"`);
    limits[field] = field === "wallSeconds" ? value : Math.ceil(value);
  }
  const unsafe = values["unsafe-no-sandbox"] === true;
  if (unsafe) {
    process.stderr.write(
      "\n!!! WARNING: --unsafe-no-sandbox: the script runs WITHOUT isolation, as your user, with your files\n" +
        '!!! and your network. Use it only for scripts you trust. The result records sandbox "none".\n\n',
    );
  }
  let executor;
  try {
    executor = createPythonExecutor({ python: values.python, sandbox: unsafe ? "none" : "auto" });
  } catch (error) {
    process.stderr.write(`linguacodus exec: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const workDir = resolve(values.workdir ?? (await mkdtemp(join(tmpdir(), "linguacodus-exec-"))));
  const result = await executor.run({
    scriptPath: script,
    workDir,
    taskDir: values.task === undefined ? undefined : resolve(values.task),
    limits,
  });
  process.stdout.write(values.json ? `${JSON.stringify({ ...result, workDir }, null, 2)}\n` : summarize(result, workDir));
  return result.ok ? 0 : 1;
}

/** A human-readable report of one run; everything the script could influence is printed without control characters. */
function summarize(result: ExecResult, workDir: string): string {
  const ending = result.signal !== null ? `killed by ${result.signal}` : `exit ${result.exitCode}`;
  const status = result.ok ? "OK" : "FAILED";
  const memory = result.peakMemoryKb === null ? "peak memory unknown" : `peak ${(result.peakMemoryKb / 1024).toFixed(0)} MiB`;
  const lines = [
    `linguacodus exec: ${status} (${ending}) in ${(result.durationMs / 1000).toFixed(2)} s, ${memory}, sandbox ${result.sandbox}`,
  ];
  if (result.limitHit !== null) lines.push(`limit hit: ${result.limitHit}`);
  for (const gap of result.gaps) lines.push(`not isolated here: ${gap}`);
  lines.push(`work dir: ${workDir}`, `files: ${result.files.length === 0 ? "(none)" : result.files.join(", ")}`);
  if (result.truncated) lines.push("output was truncated");
  if (result.stdout !== "") lines.push("--- stdout ---", result.stdout.trimEnd());
  if (result.stderr !== "") lines.push("--- stderr ---", result.stderr.trimEnd());
  return `${lines.map(printable).join("\n")}\n`;
}

function usageError(message: string): number {
  process.stderr.write(usageMistake(EXEC, message));
  return EXIT_USAGE;
}
