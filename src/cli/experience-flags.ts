import type { CommandSpec } from "./flags.js";
import { STORE_FILE } from "../memory/local-store.js";

/** `linguacodus experience`: its usage and flags. */
export const EXPERIENCE = {
  name: "experience",
  usage: ["list [--limit N] [--json] [--store FILE]", "show <key> [--store FILE]", "forget <key>... | --all [--store FILE]"],
  about: [
    "Inspects and prunes the experience memory: one record per finished run (and per dataset extract",
    "record) with the task digest, profile summary, instruction, holdout score and its relative score",
    "against the plain reference, time and cost. Exit codes: 0 done, 1 a key was not found, 2 bad usage.",
  ].join("\n"),
  flags: {
    store: {
      type: "string",
      value: "FILE",
      help: "the experience store",
      byDefault: `$LINGUACODUS_EXPERIENCE_STORE, else runs/${STORE_FILE}`,
    },
    limit: { type: "string", value: "N", help: "list: the newest N records only", byDefault: "all" },
    json: { type: "boolean", help: "list: print the records as JSON" },
    all: { type: "boolean", help: "forget: every record" },
  },
  subcommands: ["list", "show", "forget"],
} as const satisfies CommandSpec;
