import type { CommandSpec } from "./flags.js";

/** `linguacodus dataset`: its usage and flags. */
export const DATASET = {
  name: "dataset",
  usage: ["extract <corpus> --out DIR [options]"],
  about: [
    "Builds Llama-2 training records from ranked solutions: an instruction is extracted from every",
    "solution of the corpus, and records.jsonl pairs each task with its solutions' instructions in score",
    "order. <corpus> is a directory (one folder per task: task.json, scores.json, solutions/<id>.py) or a",
    "JSONL file (one task per line); see data/sample-corpus/README.md. The extractor model is configured",
    "like every role: LINGUACODUS_EXTRACTOR_MODEL / _BASE_URL / _API_KEY, falling back to LINGUACODUS_* and",
    "OPENAI_*. Runs resume: cached instructions are skipped.",
  ].join("\n"),
  flags: {
    out: { type: "string", value: "DIR", help: "output: instructions/<task>/<solution>.json, records.jsonl, report.json (required)" },
    concurrency: { type: "string", value: "N", help: "extractions at once", byDefault: "4" },
    limit: { type: "string", value: "N", help: "extract at most N solutions in this run", byDefault: "all" },
    timeout: { type: "string", value: "S", help: "seconds per model call", byDefault: "180" },
    retries: { type: "string", value: "N", help: "retries of a failed request", byDefault: "2" },
    reference: { type: "boolean", help: "use the corpus's reference instructions (<id>.instruction.md) instead of a model" },
    experience: {
      type: "string",
      value: "on|off",
      help: "every record also becomes an experience (task digest, instruction, score and rank) for solve --experience-store",
      byDefault: "on",
    },
    "experience-store": {
      type: "string",
      value: "FILE",
      help: "where the experiences go",
      byDefault: "$LINGUACODUS_EXPERIENCE_STORE, else <out>/experience.sqlite",
    },
  },
  subcommands: ["extract"],
} as const satisfies CommandSpec;
