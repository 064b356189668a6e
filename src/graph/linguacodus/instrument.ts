import { isGraphBubbleUp, isGraphInterrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { appendEvent, writeRawReplies } from "../../run/artifacts.js";
import { StepError } from "../../models/step-error.js";
import { summariseUsage } from "../../models/usage.js";
import type { State, StateUpdate } from "./state.js";
import { BUDGETED_NODES, budgetExhausted } from "./budget.js";
import { readContext } from "./context.js";
import { failureUpdate, isNested, NodeError } from "./failure.js";

/** A graph node: reads the state and the run config, returns a state update. */
export type NodeFn<S = State> = (state: S, config: LangGraphRunnableConfig) => Promise<StateUpdate>;

/** What the custom stream carries when a node starts, for live progress displays. */
export interface NodeStartEvent {
  /** Always "node_start". */
  event: "node_start";
  /** Node id. */
  node: string;
  /** Fix attempt number at the time. */
  fixAttempts: number;
}

/**
 * Wraps a node so every step is logged to events.jsonl with its timing, token usage and cost, a
 * start event goes to the custom stream, and a failing model step keeps its raw replies. Once
 * the run has ended (budget spent, no fix, an error) every node but report is a no-op; a
 * budgeted node whose budget is spent ends the run with status budget_exhausted instead of
 * running. A node that throws sets status failed (or budget_exhausted) and the error in state;
 * inside a subgraph of the main graph it rethrows instead, and the subgraph's node does that.
 */
export function instrument<S extends Partial<State>>(name: string, fn: NodeFn<S>): NodeFn<S> {
  return async (state, config) => {
    const started = Date.now();
    if (state.status && state.status !== "running" && name !== "report") return {};
    if (BUDGETED_NODES.has(name)) {
      const spent = budgetExhausted(state, readContext(config));
      if (spent) {
        if (state.runDir)
          await appendEvent(state.runDir, { at: new Date().toISOString(), node: name, ms: 0, status: "skipped", reason: spent });
        return { status: "budget_exhausted", error: spent };
      }
    }
    const start: NodeStartEvent = { event: "node_start", node: name, fixAttempts: state.fixAttempts ?? 0 };
    config.writer?.(start);
    try {
      const update = await fn(state, config);
      const runDir = update.runDir ?? state.runDir;
      if (runDir) {
        await appendEvent(runDir, {
          at: new Date().toISOString(),
          node: name,
          ms: Date.now() - started,
          status: "ok",
          ...(update.usage?.length ? { usage: summariseUsage(update.usage) } : {}),
          ...(update.fallbacks?.length ? { structuredFallbacks: update.fallbacks } : {}),
        });
      }
      return state.stopped?.node === name ? { ...update, stopped: null } : update;
    } catch (error) {
      const interrupted = isGraphInterrupt(error);
      const runDir = state.runDir;
      if (runDir) {
        if (error instanceof StepError) await writeRawReplies(runDir, `${name}-failed`, error.raw);
        await appendEvent(runDir, {
          at: new Date().toISOString(),
          node: name,
          ms: Date.now() - started,
          status: interrupted ? "interrupted" : "error",
          ...(error instanceof StepError ? { usage: summariseUsage(error.usage) } : {}),
          ...(error instanceof StepError && error.fallbacks.length ? { structuredFallbacks: error.fallbacks } : {}),
          ...(interrupted ? {} : { error: error instanceof Error ? error.message : String(error) }),
        });
      }
      if (isGraphBubbleUp(error)) throw error;
      if (isNested(config)) throw new NodeError(name, error);
      return failureUpdate(name, error, state, config);
    }
  };
}
