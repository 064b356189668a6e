import type { CommandSpec } from "./flags.js";

/** `linguacodus resume`: its usage and flags. */
export const RESUME = {
  name: "resume",
  usage: ["<run-dir> [--approve | --edit FILE | --regenerate [--feedback TEXT]] [options]"],
  about: [
    "Continues a run that was interrupted, killed, stopped by an error or paused for review, from its",
    "last checkpoint; finished steps are not repeated. A run paused for review takes one answer; without",
    "one it asks again (a run solved with --review) or pauses again. Exit codes as for solve.",
  ].join("\n"),
  flags: {
    approve: { type: "boolean", help: "review answer: go on with the decided instruction" },
    edit: { type: "string", value: "FILE", help: "review answer: go on with the instruction in FILE (instruction.md's form)" },
    regenerate: { type: "boolean", help: "review answer: write new candidate instructions" },
    feedback: {
      type: "string",
      value: "TEXT",
      help: "with --regenerate: what the new candidates should do differently",
      byDefault: "none",
    },
    "experience-store": {
      type: "string",
      value: "FILE",
      help: "the experience store (used as the run's --experience mode says)",
      byDefault: "$LINGUACODUS_EXPERIENCE_STORE, else experience.sqlite beside the run directory",
    },
    json: { type: "boolean", help: "print the result as one JSON object on stdout" },
  },
} as const satisfies CommandSpec;
