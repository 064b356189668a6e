import { Command, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { readContext, type Context } from "./context.js";
import { STOP_TO, type NodeFn } from "./node-fn.js";
import type { State, StateUpdate } from "./state.js";
import { mergeAttempts } from "./attempts.js";

/** Which budgets a step spends: model calls (and wall time), or wall time only (a script run). */
export type Spends = "model" | "time";

/** Why the run's budget is spent, or null while it is not (a step that spends only time ignores the model budgets). */
export function budgetExhausted(state: Partial<State>, context: Context, now = Date.now(), spends: Spends = "model"): string | null {
  const seconds = state.startedAt ? (now - state.startedAt) / 1000 : 0;
  if (context.maxWallSeconds !== null && seconds >= context.maxWallSeconds) {
    return `wall-time budget spent: ${seconds.toFixed(0)} of ${context.maxWallSeconds} s`;
  }
  if (spends === "time") return null;
  const usage = state.usage ?? [];
  if (context.maxModelCalls !== null && usage.length >= context.maxModelCalls) {
    return `model-call budget spent: ${usage.length} of ${context.maxModelCalls} calls`;
  }
  const tokens = usage.reduce((n, u) => n + u.inputTokens + u.outputTokens, 0);
  if (context.maxModelTokens !== null && tokens >= context.maxModelTokens) {
    return `token budget spent: ${tokens} of ${context.maxModelTokens} tokens`;
  }
  return null;
}

/** Seconds left of the wall-time budget (Infinity without one). */
export function wallSecondsLeft(state: Partial<State>, context: Context, now = Date.now()): number {
  if (context.maxWallSeconds === null || !state.startedAt) return Infinity;
  return Math.max(1, context.maxWallSeconds - (now - state.startedAt) / 1000);
}

/** Where a node goes next: a fixed node, or a route read from the state after the node's update. */
type Next<T extends string> = T | ((state: State, config: LangGraphRunnableConfig) => T);

/**
 * Wraps a node that spends budget (model calls or script runs) so it routes itself with a Command
 * (register it with `ends` listing every target, so Studio draws them): once the run has ended or
 * its budget is spent it does not run and goes to `stopTo` (status budget_exhausted on a budget
 * stop); otherwise it runs and goes to `next`, read from the state with its update applied (attempts
 * merged by version, as their reducer does).
 */
export function budgeted<T extends string, S extends string>(
  fn: NodeFn<State, StateUpdate>,
  next: Next<T>,
  stopTo: S,
  spends: Spends = "model",
): NodeFn<State, Command<unknown, StateUpdate, T | S>> & { [STOP_TO]: S } {
  const node = async (state: State, config: LangGraphRunnableConfig) => {
    if (state.status !== "running") return new Command({ goto: stopTo });
    const spent = budgetExhausted(state, readContext(config), Date.now(), spends);
    if (spent) return new Command({ goto: stopTo, update: { status: "budget_exhausted", error: spent } satisfies StateUpdate });
    const update = await fn(state, config);
    const attempts = mergeAttempts(state.attempts ?? [], update.attempts ?? []);
    const goto = typeof next === "function" ? next({ ...state, ...update, attempts } as State, config) : next;
    return new Command({ goto, update });
  };
  return Object.assign(node, { [STOP_TO]: stopTo });
}

/** Epoch ms when the wall-time budget ends (model calls are cut there), or null without one. */
export function wallDeadline(state: Partial<State>, context: Context): number | null {
  if (context.maxWallSeconds === null || !state.startedAt) return null;
  return state.startedAt + context.maxWallSeconds * 1000;
}
