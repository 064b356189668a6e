import { solveCommand } from "./solve-command.js";
import { execCommand } from "./exec-command.js";
import { resumeCommand } from "./resume-command.js";
import { datasetCommand } from "./dataset-command.js";
import { benchCommand } from "./bench-command.js";
import { diskFullError } from "../run/disk-errors.js";

const USAGE = `linguacodus — ML task description + data → instructions → sandboxed, scored Python solution

usage:
  linguacodus solve <task-dir> [options]     solve a task end to end (see: linguacodus solve --help)
  linguacodus resume <run-dir> [options]     continue a killed or paused run from its checkpoint
  linguacodus bench <suite-dir> [options]    run and grade a task suite (results.json/csv, report.html)
  linguacodus exec <script.py> [options]     run a script in the sandbox
  linguacodus dataset extract <corpus> --out DIR   build Llama-2 training records from ranked solutions`;

/** Subcommands by name. */
const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  solve: solveCommand,
  exec: execCommand,
  resume: resumeCommand,
  dataset: datasetCommand,
  bench: benchCommand,
};

/** Dispatches argv to a subcommand and returns its exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`${USAGE}\n`);
    return name === "--help" || name === "-h" ? 0 : 2;
  }
  try {
    return await command(rest);
  } catch (error) {
    // Anything a command did not handle (a full disk while starting, say): one line, no stack trace.
    const cause = diskFullError(error, "the run directory");
    process.stderr.write(`error: ${cause instanceof Error ? cause.message : String(cause)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
