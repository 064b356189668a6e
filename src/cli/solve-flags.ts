import type { CommandSpec } from "./flags.js";
import { RUN_FLAGS } from "./run-flags.js";

/** `linguacodus solve`: its usage and flags. */
export const SOLVE = {
  name: "solve",
  usage: ["<task-dir> [options]"],
  about: [
    "Solves a task end to end: profiles the data, writes and ranks candidate instructions, generates a",
    "Python script from the chosen one, runs it in the sandbox, fixes it until its submission is valid,",
    "and writes the report. <task-dir> holds description.md and the data files.",
    "",
    "Exit codes: 0 solved, 1 the run failed, 2 bad input or a run directory in use, 3 paused for review,",
    "130 interrupted (Ctrl-C) and 143 stopped by SIGTERM (both continue with linguacodus resume <run-dir>).",
  ].join("\n"),
  flags: {
    out: { type: "string", value: "DIR", help: "the run directory", byDefault: "runs/<run id>" },
    review: { type: "boolean", help: "pause after the decision so you approve, edit or regenerate the instruction" },
    ...RUN_FLAGS,
    "max-tokens": {
      type: "string",
      value: "N",
      help: "budget: most model tokens (input + output) the run may spend",
      byDefault: "no limit",
    },
    "max-calls": { type: "string", value: "N", help: "budget: most model calls the run may make", byDefault: "no limit" },
    "max-seconds": { type: "string", value: "S", help: "budget: most wall-clock seconds the run may take", byDefault: "no limit" },
    queue: {
      type: "string",
      value: "URL",
      help: "send the run as a job to the pg-boss queue in this postgres:// database and follow it (linguacodus worker runs it)",
    },
  },
} as const satisfies CommandSpec;
