import { LEASE_SECONDS, MIN_LEASE_SECONDS } from "../queue/policy.js";
import type { CommandSpec } from "./flags.js";

/** `linguacodus worker`: its usage and flags. */
export const WORKER = {
  name: "worker",
  usage: ["--queue <postgres-url> [options]"],
  about: [
    "Takes solve jobs (from linguacodus bench --queue and solve --queue) off the pg-boss queue in that",
    "database and runs each in its own process, checkpointing into --checkpointer (thread id = job id),",
    "so a job whose worker dies is retried from its last checkpoint. Task directories, bench output",
    "directories and --runs-dir must be on storage every worker shares. SIGINT/SIGTERM: take no new jobs",
    "and finish the running ones; a second signal exits at once. The worker renews a lease on each job it",
    "runs; a job whose worker died is retried once its lease runs out (--lease S after the last renewal).",
  ].join("\n"),
  flags: {
    queue: { type: "string", value: "URL", help: "the postgres:// database of the pg-boss queue (required)" },
    checkpointer: { type: "string", value: "URL", help: "the postgres:// database for checkpoints", byDefault: "the queue's database" },
    concurrency: { type: "string", value: "N", help: "jobs at once (the CPU threads are shared among them)", byDefault: "1" },
    lease: {
      type: "string",
      value: "S",
      help: `seconds a job's lease lasts past its last renewal (at least ${MIN_LEASE_SECONDS})`,
      byDefault: String(LEASE_SECONDS),
    },
    "runs-dir": { type: "string", value: "DIR", help: "where solve jobs without --out get their run directory", byDefault: "runs" },
    python: {
      type: "string",
      value: "PATH",
      help: "the Python interpreter for every job",
      byDefault: "$LINGUACODUS_PYTHON, else /usr/bin/python3",
    },
    "unsafe-no-sandbox": { type: "boolean", help: "let jobs ask to run generated code WITHOUT isolation (unsafe)" },
  },
} as const satisfies CommandSpec;
