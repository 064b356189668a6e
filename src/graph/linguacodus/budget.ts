import type { Context } from "./context.js";
import type { State } from "./state.js";

/** Nodes that spend budget (model calls or script runs); they are skipped once it is spent. */
export const BUDGETED_NODES = new Set([
  "rank-instructions",
  "research",
  "decide",
  "code-preprocessing",
  "code-model",
  "code-training",
  "code-submission",
  "code-vanilla",
  "execute",
  "fix",
]);

/** Why the run's budget is spent, or null while it is not. */
export function budgetExhausted(state: Partial<State>, context: Context, now = Date.now()): string | null {
  const usage = state.usage ?? [];
  if (context.maxModelCalls !== null && usage.length >= context.maxModelCalls) {
    return `model-call budget spent: ${usage.length} of ${context.maxModelCalls} calls`;
  }
  const tokens = usage.reduce((n, u) => n + u.inputTokens + u.outputTokens, 0);
  if (context.maxModelTokens !== null && tokens >= context.maxModelTokens) {
    return `token budget spent: ${tokens} of ${context.maxModelTokens} tokens`;
  }
  const seconds = state.startedAt ? (now - state.startedAt) / 1000 : 0;
  if (context.maxWallSeconds !== null && seconds >= context.maxWallSeconds) {
    return `wall-time budget spent: ${seconds.toFixed(0)} of ${context.maxWallSeconds} s`;
  }
  return null;
}

/** Seconds left of the wall-time budget (Infinity without one). */
export function wallSecondsLeft(state: Partial<State>, context: Context, now = Date.now()): number {
  if (context.maxWallSeconds === null || !state.startedAt) return Infinity;
  return Math.max(1, context.maxWallSeconds - (now - state.startedAt) / 1000);
}

/** Epoch ms when the wall-time budget ends (model calls are cut there), or null without one. */
export function wallDeadline(state: Partial<State>, context: Context): number | null {
  if (context.maxWallSeconds === null || !state.startedAt) return null;
  return state.startedAt + context.maxWallSeconds * 1000;
}
