import type { z } from "zod";
import { LinguacodusContext, type Context } from "../graph/linguacodus/context.js";

/** A command-line mistake (exit code 2). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The run options `solve` and `bench` share, in node:util parseArgs form. */
export const RUN_OPTIONS = {
  engine: { type: "string" },
  candidates: { type: "string" },
  "max-fixes": { type: "string" },
  timeout: { type: "string" },
  "model-timeout": { type: "string" },
  memory: { type: "string" },
  python: { type: "string" },
  race: { type: "boolean" },
  selection: { type: "string" },
  improve: { type: "string" },
  "unsafe-no-sandbox": { type: "boolean" },
  json: { type: "boolean" },
  experience: { type: "string" },
  "experience-store": { type: "string" },
} as const;

/** Parsed option values, as parseArgs returns them. */
type OptionValues = Record<string, string | boolean | undefined>;

/** A non-negative numeric option, or undefined when absent. */
export function numberOption(values: OptionValues, name: string): number | undefined {
  const raw = values[name];
  if (typeof raw !== "string") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`--${name} needs a non-negative number, got "${raw}"`);
  return value;
}

/** Builds the run context from the shared run options plus command-specific settings. */
export function runContext(values: OptionValues, extra: z.input<typeof LinguacodusContext> = {}): Context {
  const parsed = LinguacodusContext.safeParse({
    engine: values.engine,
    candidates: numberOption(values, "candidates"),
    maxFixes: numberOption(values, "max-fixes"),
    execTimeoutSeconds: numberOption(values, "timeout"),
    modelTimeoutSeconds: numberOption(values, "model-timeout"),
    execMemoryMb: numberOption(values, "memory"),
    python: values.python,
    sandbox: values["unsafe-no-sandbox"] ? "none" : undefined,
    race: values.race,
    selection: values.selection,
    improveRounds: numberOption(values, "improve"),
    experience: values.experience,
    ...extra,
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return parsed.data;
}
