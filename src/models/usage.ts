import { z } from "zod";

/** The model roles of the graph. */
export const ROLES = ["instructor", "researcher", "decider", "coder", "fixer", "extractor"] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** One model call's cost, recorded in state and in events.jsonl. */
export const ModelUsageSchema = z.object({
  /** The role that made the call. */
  role: RoleSchema,
  /** The model name. */
  model: z.string(),
  /** Prompt tokens reported by the server (0 when it reports none). */
  inputTokens: z.number().int(),
  /** Completion tokens reported by the server. */
  outputTokens: z.number().int(),
  /** Wall time of the call in milliseconds. */
  ms: z.number(),
  /** Cost of the call (price unit, USD by convention) when the model's price is known; null or absent when not. */
  cost: z.number().nullable().optional(),
});
export type ModelUsage = z.infer<typeof ModelUsageSchema>;

/** Price of a model per million input and output tokens (any currency; USD by convention). */
export const ModelPriceSchema = z.object({
  /** Price per million prompt tokens. */
  input: z.number().min(0),
  /** Price per million completion tokens. */
  output: z.number().min(0),
});
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

/** What a call cost at `price` (null when the price is unknown). */
export function costOf(price: ModelPrice | null, inputTokens: number, outputTokens: number): number | null {
  if (!price) return null;
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}

/** Totals of one role: calls, tokens and cost (null when any call's price is unknown). */
export interface RoleTotals {
  /** Model calls. */
  calls: number;
  /** Prompt tokens. */
  inputTokens: number;
  /** Completion tokens. */
  outputTokens: number;
  /** Summed cost; null when some call's model has no price. */
  cost: number | null;
}

/** Totals per role: calls, tokens and cost. */
export function summariseUsage(usage: ModelUsage[]): Record<string, RoleTotals> {
  const out: Record<string, RoleTotals> = {};
  for (const u of usage) {
    const t = (out[u.role] ??= { calls: 0, inputTokens: 0, outputTokens: 0, cost: 0 });
    t.calls += 1;
    t.inputTokens += u.inputTokens;
    t.outputTokens += u.outputTokens;
    t.cost = t.cost === null || u.cost === null || u.cost === undefined ? null : t.cost + u.cost;
  }
  return out;
}

/** The total cost of a set of calls; null when any call's price is unknown or there were no calls. */
export function totalCost(usage: ModelUsage[]): number | null {
  if (usage.length === 0) return null;
  let sum = 0;
  for (const u of usage) {
    if (u.cost === null || u.cost === undefined) return null;
    sum += u.cost;
  }
  return sum;
}
