import { z } from "zod";
import { RoleSchema } from "./usage.js";

/** How a structured reply is asked for, strongest first: the server's JSON schema, tool calling, JSON mode, or the prompt alone. */
export const MECHANISMS = ["jsonSchema", "functionCalling", "jsonMode", "prompt"] as const;
export const MechanismSchema = z.enum(MECHANISMS);
export type Mechanism = z.infer<typeof MechanismSchema>;

/** A role's structured-output setting: one mechanism, or auto (the strongest the server accepts). */
export const STRUCTURED_SETTINGS = ["auto", ...MECHANISMS] as const;
export type StructuredSetting = (typeof STRUCTURED_SETTINGS)[number];

/** One step down the mechanism ladder that `auto` took, recorded in state, events.jsonl and the summary. */
export const FallbackSchema = z.object({
  /** The role whose call found out. */
  role: RoleSchema,
  /** Model id. */
  model: z.string(),
  /** Base URL of the server ("" for the OpenAI default). */
  server: z.string(),
  /** The mechanism the server refused or ignored. */
  from: MechanismSchema,
  /** The mechanism used from now on in this run. */
  to: MechanismSchema,
  /** What happened ("HTTP 400: response_format is not supported", "the reply held no tool call"). */
  reason: z.string(),
});
export type Fallback = z.infer<typeof FallbackSchema>;

/** What a run knows about its servers' mechanisms: which failed, so `auto` asks the next one directly. */
export class MechanismMemory {
  private readonly failed = new Map<string, Set<Mechanism>>();

  /** Marks the mechanisms earlier fallbacks (e.g. from state on resume) found failing. */
  seed(fallbacks: readonly Fallback[]): void {
    for (const f of fallbacks) this.failedOf(f.server, f.model).add(f.from);
  }

  /** The strongest mechanism not known to fail for this server and model. */
  current(server: string, model: string): Mechanism {
    const failed = this.failedOf(server, model);
    return MECHANISMS.find((m) => !failed.has(m)) ?? "prompt";
  }

  /**
   * Records that `mechanism` failed; returns the fallback to record when this call is the first
   * to find out (parallel calls that hit the same failure record it once), else null.
   */
  fail(role: Fallback["role"], server: string, model: string, mechanism: Mechanism, reason: string): Fallback | null {
    const failed = this.failedOf(server, model);
    if (mechanism === "prompt" || failed.has(mechanism)) return null;
    failed.add(mechanism);
    return { role, model, server, from: mechanism, to: this.current(server, model), reason };
  }

  private failedOf(server: string, model: string): Set<Mechanism> {
    const key = `${server}\u0000${model}`;
    let set = this.failed.get(key);
    if (!set) this.failed.set(key, (set = new Set()));
    return set;
  }
}

const memories = new Map<string, MechanismMemory>();

/** The mechanism memory of one run (by run directory), shared by its parallel calls and seeded from its recorded fallbacks. */
export function runMechanismMemory(runKey: string, recorded: readonly Fallback[] = []): MechanismMemory {
  let memory = memories.get(runKey);
  if (!memory) memories.set(runKey, (memory = new MechanismMemory()));
  memory.seed(recorded);
  return memory;
}
