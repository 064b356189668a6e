import type { z } from "zod";
import { LinguacodusContext, type Context } from "../graph/linguacodus/context.js";
import { UsageError } from "./flags.js";

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

/** Builds the run context from the shared run flags (src/cli/run-flags.ts) plus command-specific settings. */
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
