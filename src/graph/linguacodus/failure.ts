import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { ModelCallError } from "../../models/call.js";
import { StepError } from "../../models/step-error.js";
import type { Fallback } from "../../models/mechanism.js";
import type { ModelUsage } from "../../models/usage.js";
import { budgetExhausted } from "./budget.js";
import { readContext } from "./context.js";
import type { State, StateUpdate } from "./state.js";

/** configurable key set for a subgraph run inside the main graph: its nodes rethrow, so the subgraph keeps a resumable checkpoint. */
export const NESTED_KEY = "linguacodus_nested";

/** Whether a node runs inside a subgraph of the main graph (its errors are turned into state by the subgraph's node). */
export function isNested(config: LangGraphRunnableConfig): boolean {
  return config.configurable?.[NESTED_KEY] === true;
}

/** A node's error, named after the node, with the replies' cost and fallbacks kept (thrown by nested nodes). */
export class NodeError extends Error {
  override readonly name = "NodeError";
  /** Model calls the failed step made. */
  readonly usage: ModelUsage[];
  /** Structured-output fallbacks the failed step made. */
  readonly fallbacks: Fallback[];
  /** Wraps `error` thrown by node `node`. */
  constructor(
    readonly node: string,
    error: unknown,
  ) {
    super(`${node}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    this.usage = error instanceof StepError ? error.usage : error instanceof NodeError ? error.usage : [];
    this.fallbacks = error instanceof StepError ? error.fallbacks : error instanceof NodeError ? error.fallbacks : [];
  }
}

/**
 * The state update of a node (or subgraph) that failed: budget_exhausted when the run's budget
 * ended (a model call cut at the wall-time budget), else failed with the error and where it
 * stopped, so the state says what happened and `resume` can continue there.
 */
export function failureUpdate(
  node: string,
  error: unknown,
  state: Partial<State>,
  config: LangGraphRunnableConfig,
  ns: string | null = null,
): StateUpdate {
  const wrapped = error instanceof NodeError ? error : new NodeError(node, error);
  const usage = wrapped.usage;
  const fallbacks = wrapped.fallbacks;
  const cause = innermost(error);
  const spent = budgetExhausted({ ...state, usage: [...(state.usage ?? []), ...usage] }, readContext(config));
  if (spent || (cause instanceof ModelCallError && cause.failure === "budget")) {
    return { status: "budget_exhausted", error: spent ?? wrapped.message, usage, fallbacks };
  }
  const cancelled = config.signal?.aborted || (cause instanceof ModelCallError && cause.failure === "cancelled");
  return {
    status: "failed",
    error: cancelled ? `cancelled: ${wrapped.message}` : wrapped.message,
    stopped: { node, ns },
    usage,
    fallbacks,
  };
}

/** The original error under NodeError wrappers. */
function innermost(error: unknown): unknown {
  let e = error;
  while (e instanceof NodeError) e = e.cause;
  return e;
}
