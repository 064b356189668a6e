import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../package-paths.js";
import { diskFullError } from "../run/disk-errors.js";
import { didYouMean } from "./did-you-mean.js";
import { type CommandSpec, parseFlags, UsageError } from "./flags.js";
import { helpText, usageMistake } from "./help-text.js";

/** A subcommand: its one-line summary, its flags (light) and its code, loaded only when it runs (so --help is instant). */
interface Subcommand {
  /** What it does, for the top-level help. */
  summary: string;
  /** Loads its usage and flag table. */
  spec: () => Promise<CommandSpec>;
  /** Loads the command. */
  load: () => Promise<(argv: string[]) => Promise<number>>;
}

/** Subcommands by name. */
const COMMANDS: Record<string, Subcommand> = {
  solve: {
    summary: "solve a task end to end",
    spec: async () => (await import("./solve-flags.js")).SOLVE,
    load: async () => (await import("./solve-command.js")).solveCommand,
  },
  resume: {
    summary: "continue an interrupted, stopped or paused run from its checkpoint",
    spec: async () => (await import("./resume-flags.js")).RESUME,
    load: async () => (await import("./resume-command.js")).resumeCommand,
  },
  bench: {
    summary: "run and grade a task suite (results.json/csv, report.html)",
    spec: async () => (await import("./bench-flags.js")).BENCH,
    load: async () => (await import("./bench-command.js")).benchCommand,
  },
  exec: {
    summary: "run a script in the sandbox",
    spec: async () => (await import("./exec-flags.js")).EXEC,
    load: async () => (await import("./exec-command.js")).execCommand,
  },
  dataset: {
    summary: "dataset extract: build Llama-2 training records from ranked solutions",
    spec: async () => (await import("./dataset-flags.js")).DATASET,
    load: async () => (await import("./dataset-command.js")).datasetCommand,
  },
  worker: {
    summary: "run queued solve and bench jobs (pg-boss)",
    spec: async () => (await import("./worker-flags.js")).WORKER,
    load: async () => (await import("./worker-command.js")).workerCommand,
  },
  experience: {
    summary: "experience list | show | forget: inspect and prune the experience memory",
    spec: async () => (await import("./experience-flags.js")).EXPERIENCE,
    load: async () => (await import("./experience-command.js")).experienceCommand,
  },
};

/** The top-level help. */
function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  return [
    "linguacodus — ML task description + data → instructions → sandboxed, scored Python solution",
    "",
    "usage: linguacodus <command> [options]",
    "       linguacodus --version",
    "",
    "commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    "",
    "linguacodus <command> --help shows a command's options.",
  ].join("\n");
}

/** The package version. */
function version(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/**
 * Dispatches argv to a subcommand and returns its exit code. A subcommand's --help and a mistyped
 * flag are answered from its flag table alone, before its code loads.
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-V") {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    const mistake = name ? `unknown command "${name}"${didYouMean(name, Object.keys(COMMANDS))}\n\n` : "";
    process.stderr.write(`${mistake}${usage()}\n`);
    return 2;
  }
  const spec = await command.spec();
  try {
    if (parseFlags(spec, rest) === "help") {
      process.stdout.write(helpText(spec));
      return 0;
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(usageMistake(spec, error.message));
    return 2;
  }
  try {
    return await (await command.load())(rest);
  } catch (error) {
    // Anything a command did not handle (a full disk while starting, say): one line, no stack trace.
    const cause = diskFullError(error, "the run directory");
    process.stderr.write(`error: ${cause instanceof Error ? cause.message : String(cause)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
