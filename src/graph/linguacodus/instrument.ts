import { Command, isGraphBubbleUp, isGraphInterrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { appendEvent, writeRawReplies } from "../../run/artifacts.js";
import { isCheckpointStoreError } from "../../run/checkpoint-store-error.js";
import { StepError } from "../../models/step-error.js";
import { summariseUsage } from "../../models/usage.js";
import type { State, StateUpdate } from "./state.js";
import { failureUpdate, isNested, NodeError } from "./failure.js";
import { type NodeFn, type NodeResult, type Routed, STOP_TO } from "./node-fn.js";
import { fixAttempts } from "./attempts.js";
import { emitProgress } from "./progress.js";

export type { NodeFn, NodeResult };

/** The id of the node being run, as LangGraph puts it in the call's metadata. */
export function nodeName(config: LangGraphRunnableConfig): string {
  const name = config.metadata?.langgraph_node;
  return typeof name === "string" ? name : "unknown";
}

/** The state update a node result carries. */
function updateOf(result: NodeResult): StateUpdate {
  return result instanceof Command ? ((result.update ?? {}) as StateUpdate) : result;
}

/** A node result with `stopped` cleared (the node that stopped the run has now run). */
function clearStopped(result: NodeResult): NodeResult {
  if (result instanceof Command) return new Command({ goto: result.goto, update: { ...updateOf(result), stopped: null } });
  return { ...result, stopped: null };
}

/**
 * Wraps a node so every step is logged to events.jsonl with its timing, token usage and cost, its
 * start and end (time and status) go to the custom stream, and a failing model step keeps its raw
 * replies (a step that ends after the run was cancelled is logged "cancelled": LangGraph drops its result). The node's
 * name is the id LangGraph runs it under. A node that throws sets status failed (or
 * budget_exhausted) and the error in state — a node that routes itself then goes to its stop
 * target; inside a subgraph of the main graph it rethrows instead, and the subgraph's node does that.
 * A failed checkpoint database is never the node's failure: it goes on up unchanged.
 */
export function instrument<S extends Partial<State>, R extends NodeResult>(fn: NodeFn<S, R> & Routed): NodeFn<S, NodeResult> {
  return async (state, config) => {
    const name = nodeName(config);
    const started = Date.now();
    emitProgress(config, { event: "node-start", node: name, fixAttempts: fixAttempts(state.attempts ?? []) });
    try {
      const result = await fn(state, config);
      const update = updateOf(result);
      const runDir = update.runDir ?? state.runDir;
      const skipped = update.status === "budget_exhausted" && state.status !== "budget_exhausted";
      const status = config.signal?.aborted ? "cancelled" : skipped ? "skipped" : "ok";
      const ms = Date.now() - started;
      if (runDir) {
        await appendEvent(runDir, {
          at: new Date().toISOString(),
          node: name,
          ms,
          status,
          ...(skipped && update.error ? { reason: update.error } : {}),
          ...(update.usage?.length ? { usage: summariseUsage(update.usage) } : {}),
          ...(update.fallbacks?.length ? { structuredFallbacks: update.fallbacks } : {}),
        });
      }
      emitProgress(config, { event: "node-end", node: name, ms, status });
      return state.stopped?.node === name ? clearStopped(result) : result;
    } catch (error) {
      const interrupted = isGraphInterrupt(error);
      const status = interrupted ? "interrupted" : config.signal?.aborted ? "cancelled" : "error";
      const ms = Date.now() - started;
      const runDir = state.runDir;
      if (runDir) {
        if (error instanceof StepError) await writeRawReplies(runDir, `${name}-failed`, error.raw);
        await appendEvent(runDir, {
          at: new Date().toISOString(),
          node: name,
          ms,
          status,
          ...(error instanceof StepError ? { usage: summariseUsage(error.usage) } : {}),
          ...(error instanceof StepError && error.fallbacks.length ? { structuredFallbacks: error.fallbacks } : {}),
          ...(interrupted ? {} : { error: error instanceof Error ? error.message : String(error) }),
        });
      }
      emitProgress(config, { event: "node-end", node: name, ms, status });
      if (isGraphBubbleUp(error) || isCheckpointStoreError(error)) throw error;
      if (isNested(config)) throw new NodeError(name, error);
      const update = failureUpdate(name, error, state, config);
      const stopTo = fn[STOP_TO];
      return stopTo ? new Command({ goto: stopTo, update }) : update;
    }
  };
}
