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
});
export type ModelUsage = z.infer<typeof ModelUsageSchema>;

/** Totals per role: calls and tokens. */
export function summariseUsage(usage: ModelUsage[]): Record<string, { calls: number; inputTokens: number; outputTokens: number }> {
  const out: Record<string, { calls: number; inputTokens: number; outputTokens: number }> = {};
  for (const u of usage) {
    const t = (out[u.role] ??= { calls: 0, inputTokens: 0, outputTokens: 0 });
    t.calls += 1;
    t.inputTokens += u.inputTokens;
    t.outputTokens += u.outputTokens;
  }
  return out;
}
