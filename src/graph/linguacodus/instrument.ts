import { Command, isGraphInterrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { appendEvent, writeRawReplies } from "../../run/artifacts.js";
import { StepError } from "../../models/step-error.js";
import { summariseUsage } from "../../models/usage.js";
import type { State, StateUpdate } from "./state.js";

/** What a node returns: a state update, or a Command that also names where the run goes next. */
export type NodeResult = StateUpdate | Command;

/** A graph node: reads the state and the run config, returns a state update (or a Command). */
export type NodeFn<S = State, R extends NodeResult = StateUpdate> = (state: S, config: LangGraphRunnableConfig) => Promise<R>;

/** What the custom stream carries when a node starts, for live progress displays. */
export interface NodeStartEvent {
  /** Always "node_start". */
  event: "node_start";
  /** Node id. */
  node: string;
  /** Fix attempt number at the time. */
  fixAttempts: number;
}

/** Whether a custom-stream chunk is a node start. */
export function isNodeStart(chunk: unknown): chunk is NodeStartEvent {
  return typeof chunk === "object" && chunk !== null && (chunk as { event?: unknown }).event === "node_start";
}

/** The id of the node being run, as LangGraph puts it in the call's metadata. */
export function nodeName(config: LangGraphRunnableConfig): string {
  const name = config.metadata?.langgraph_node;
  return typeof name === "string" ? name : "unknown";
}

/** The state update a node result carries. */
function updateOf(result: NodeResult): StateUpdate {
  return result instanceof Command ? ((result.update ?? {}) as StateUpdate) : result;
}

/**
 * Wraps a node so every step is logged to events.jsonl with its timing and token usage, a start
 * event goes to the custom stream, and a failing model step keeps its raw replies. The node's
 * name is the id LangGraph runs it under.
 */
export function instrument<S extends Partial<State>, R extends NodeResult>(fn: NodeFn<S, R>): NodeFn<S, R> {
  return async (state, config) => {
    const name = nodeName(config);
    const started = Date.now();
    const start: NodeStartEvent = { event: "node_start", node: name, fixAttempts: state.fixAttempts ?? 0 };
    config.writer?.(start);
    try {
      const result = await fn(state, config);
      const update = updateOf(result);
      const runDir = update.runDir ?? state.runDir;
      if (runDir) {
        const skipped = update.status === "budget_exhausted" && state.status !== "budget_exhausted";
        await appendEvent(runDir, {
          at: new Date().toISOString(),
          node: name,
          ms: Date.now() - started,
          status: skipped ? "skipped" : "ok",
          ...(skipped && update.error ? { reason: update.error } : {}),
          ...(update.usage?.length ? { usage: summariseUsage(update.usage) } : {}),
        });
      }
      return result;
    } catch (error) {
      const runDir = state.runDir;
      if (runDir) {
        const interrupted = isGraphInterrupt(error);
        if (error instanceof StepError) await writeRawReplies(runDir, `${name}-failed`, error.raw);
        await appendEvent(runDir, {
          at: new Date().toISOString(),
          node: name,
          ms: Date.now() - started,
          status: interrupted ? "interrupted" : "error",
          ...(error instanceof StepError ? { usage: summariseUsage(error.usage) } : {}),
          ...(interrupted ? {} : { error: error instanceof Error ? error.message : String(error) }),
        });
      }
      throw error;
    }
  };
}
