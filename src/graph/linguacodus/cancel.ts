import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { LAST_NODE } from "./resume.js";
import type { State, StateUpdate } from "./state.js";

/** A pending task of a thread's latest checkpoint, as getState with subgraphs shows it. */
interface PendingTask {
  /** The node the task runs. */
  name: string;
  /** The subgraph's latest state when the node is a subgraph that has checkpointed. */
  state?: unknown;
}

/** The part of a compiled, checkpointed main graph that recording a cancellation needs. */
interface CancellableGraph {
  /** Reads the thread's latest state, with the state of a running subgraph. */
  getState(config: LangGraphRunnableConfig, options: { subgraphs: true }): Promise<{ values: unknown; tasks: readonly PendingTask[] }>;
  /** Writes a state update as if `asNode` had returned it. */
  updateState(config: LangGraphRunnableConfig, values: Partial<State>, asNode?: string): Promise<unknown>;
}

/** Text of an abort reason (an Error's message, a string as it is). */
export function abortReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason.name === "AbortError" ? "aborted" : reason.message;
  return typeof reason === "string" && reason ? reason : "aborted";
}

/**
 * Records in a checkpointed thread that its run was cancelled mid-step (an AbortSignal, Ctrl-C,
 * a server's cancel): LangGraph drops the writes of the step it was running and leaves the state
 * at "running", so the state is set to status failed, error "cancelled: <node>: <reason>" and
 * `stopped` at the node that was running (with the checkpoint namespace of a subgraph run, which
 * the input `resumeInput` gives continues in place, redoing only its interrupted step). The thread
 * is left ended. Returns the update written, or null when the run was not running a step (it had ended,
 * had already failed, or had no checkpoint yet).
 */
export async function recordCancel(graph: CancellableGraph, config: LangGraphRunnableConfig, reason: string): Promise<StateUpdate | null> {
  const snapshot = await graph.getState({ configurable: config.configurable }, { subgraphs: true });
  const values = snapshot.values as Partial<State>;
  const task = snapshot.tasks[0];
  if (values.status !== "running" || !task) return null;
  const update: StateUpdate = {
    status: "failed",
    error: `cancelled: ${task.name}: ${reason}`,
    stopped: { node: task.name, ns: subgraphNamespace(task.state) },
  };
  await graph.updateState({ configurable: config.configurable }, update, LAST_NODE);
  return update;
}

/** The checkpoint namespace of a subgraph's state snapshot, or null when there is none. */
function subgraphNamespace(state: unknown): string | null {
  if (typeof state !== "object" || state === null || !("config" in state)) return null;
  const ns = (state as { config?: LangGraphRunnableConfig }).config?.configurable?.checkpoint_ns;
  return typeof ns === "string" && ns ? ns : null;
}
