import { makeContext } from "../graph/linguacodus/context.js";
import type { FlagTable } from "./flags.js";

/** The run context's defaults, as --help shows them. */
const DEFAULTS = makeContext();

/** The run flags `solve` and `bench` share. */
export const RUN_FLAGS = {
  engine: {
    type: "string",
    value: "auto|model|offline",
    help: "who writes instructions and code: a model, the offline engine, or a model when one is configured",
    byDefault: DEFAULTS.engine,
  },
  candidates: { type: "string", value: "N", help: "candidate instructions to write and rank", byDefault: String(DEFAULTS.candidates) },
  "max-fixes": { type: "string", value: "N", help: "fix attempts after the first script run", byDefault: String(DEFAULTS.maxFixes) },
  timeout: {
    type: "string",
    value: "S",
    help: "wall-time limit of one script run, in seconds",
    byDefault: String(DEFAULTS.execTimeoutSeconds),
  },
  "model-timeout": {
    type: "string",
    value: "S",
    help: "time limit of one model call, in seconds",
    byDefault: String(DEFAULTS.modelTimeoutSeconds),
  },
  memory: { type: "string", value: "MB", help: "memory limit of one script run, in MiB", byDefault: String(DEFAULTS.execMemoryMb) },
  python: { type: "string", value: "PATH", help: "Python interpreter for profiling and generated code", byDefault: DEFAULTS.python },
  race: { type: "boolean", help: "offline engine: race the candidates with a quick cross-validation and decide by score" },
  selection: {
    type: "string",
    value: "measured|paper",
    help: "measured: every candidate is implemented, run on the fit rows and scored on the held-out rows, and the score picks; paper: the Decider chooses before any code runs",
    byDefault: DEFAULTS.selection,
  },
  improve: {
    type: "string",
    value: "N",
    help: "improvement rounds on the best solution, each kept only when the holdout score improves",
    byDefault: String(DEFAULTS.improveRounds),
  },
  "unsafe-no-sandbox": { type: "boolean", help: "run generated code WITHOUT isolation, with your user's rights (unsafe)" },
  json: { type: "boolean", help: "print the result as one JSON object on stdout" },
  experience: {
    type: "string",
    value: "on|off|read-only",
    help: "recall similar earlier tasks and record this run (on), recall only (read-only), or neither (off)",
    byDefault: DEFAULTS.experience,
  },
  "experience-store": {
    type: "string",
    value: "FILE",
    help: "the experience store",
    byDefault: "$LINGUACODUS_EXPERIENCE_STORE, else experience.sqlite beside the run directory",
  },
} as const satisfies FlagTable;
