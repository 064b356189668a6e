import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../package-paths.js";
import { diskFullError } from "../run/disk-errors.js";

/** A subcommand: its one-line summary and its code, loaded only when it runs (so --help is instant). */
interface Subcommand {
  /** Usage line and summary for the top-level help. */
  summary: string;
  /** Loads the command. */
  load: () => Promise<(argv: string[]) => Promise<number>>;
}

/** Subcommands by name. */
const COMMANDS: Record<string, Subcommand> = {
  solve: {
    summary: "solve <task-dir> [options]     solve a task end to end",
    load: async () => (await import("./solve-command.js")).solveCommand,
  },
  resume: {
    summary: "resume <run-dir> [options]     continue a killed or paused run from its checkpoint",
    load: async () => (await import("./resume-command.js")).resumeCommand,
  },
  bench: {
    summary: "bench <suite-dir> [options]    run and grade a task suite (results.json/csv, report.html)",
    load: async () => (await import("./bench-command.js")).benchCommand,
  },
  exec: {
    summary: "exec <script.py> [options]     run a script in the sandbox",
    load: async () => (await import("./exec-command.js")).execCommand,
  },
  dataset: {
    summary: "dataset extract <corpus> --out DIR   build Llama-2 training records from ranked solutions",
    load: async () => (await import("./dataset-command.js")).datasetCommand,
  },
  worker: {
    summary: "worker --queue <postgres-url> [options]   run queued solve and bench jobs (pg-boss)",
    load: async () => (await import("./worker-command.js")).workerCommand,
  },
  experience: {
    summary: "experience list | show | forget      inspect and prune the experience memory",
    load: async () => (await import("./experience-command.js")).experienceCommand,
  },
};

/** The top-level help. */
function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  linguacodus ${c.summary}`);
  return [
    "linguacodus — ML task description + data → instructions → sandboxed, scored Python solution",
    "",
    "usage:",
    ...lines,
    "  linguacodus --version",
    "",
    "linguacodus <command> --help shows a command's options.",
  ].join("\n");
}

/** The package version. */
function version(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/** Dispatches argv to a subcommand and returns its exit code. */
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
    process.stderr.write(`${name ? `unknown command "${name}"\n\n` : ""}${usage()}\n`);
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
