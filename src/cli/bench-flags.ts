import type { CommandSpec } from "./flags.js";
import { RUN_FLAGS } from "./run-flags.js";
import { DEFAULT_TASK_TIMEOUT_SECONDS } from "../queue/policy.js";

/** Where bench results go when --out is not given. */
export const DEFAULT_RESULTS_DIR = "bench-results";

/** `linguacodus bench`: its usage and flags. */
export const BENCH = {
  name: "bench",
  usage: ["<suite-dir> [options]"],
  about: [
    "Runs every task of a suite (<suite>/<id>/{public,private,task.json}); the solver sees only public/.",
    "Writes results.json, results.csv and report.html to the output directory after every task.",
    "With --queue, one job per task, mode and seed goes to the pg-boss queue for `linguacodus worker`s",
    "to run (the suite and --out on storage they share), and the bench follows them; results are graded",
    "and written as here. Exit codes: 0 the bench ran (whatever the tasks scored), 1 it broke, 2 bad",
    "input, 130 interrupted (continue with --resume --out DIR).",
  ].join("\n"),
  flags: {
    ...RUN_FLAGS,
    "experience-store": {
      ...RUN_FLAGS["experience-store"],
      help: "the experience store: tasks recall the experience of those before them and record their own",
      byDefault: "$LINGUACODUS_EXPERIENCE_STORE, else <out>/experience.sqlite (a new bench starts empty)",
    },
    selection: {
      ...RUN_FLAGS.selection,
      value: "paper|measured|both",
      help: 'paper: the Decider chooses before any code runs (mode "pipeline"); measured: the holdout score of every candidate picks (mode "measured"); both: each task in both',
    },
    tasks: { type: "string", value: "a,b", help: "run only these task ids", byDefault: "every task" },
    mode: {
      type: "string",
      value: "pipeline|vanilla|both",
      help: "the whole pipeline, code from the plain reference instruction, or both",
      byDefault: "pipeline",
    },
    concurrency: { type: "string", value: "N", help: "task runs at once", byDefault: "1" },
    out: { type: "string", value: "DIR", help: "the output directory", byDefault: `${DEFAULT_RESULTS_DIR}/<timestamp>` },
    resume: { type: "boolean", help: "skip task/mode/seed runs already in <out>/results.json (without --out: the latest results)" },
    "task-timeout": {
      type: "string",
      value: "S",
      help: "limit on one task's whole run, in seconds",
      byDefault: `none; ${DEFAULT_TASK_TIMEOUT_SECONDS} with --queue`,
    },
    seeds: { type: "string", value: "N", help: "runs of each task and mode", byDefault: "1" },
    queue: { type: "string", value: "URL", help: "send the runs as jobs to the pg-boss queue in this postgres:// database" },
  },
} as const satisfies CommandSpec;
