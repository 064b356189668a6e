import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { State } from "./state.js";

/** The main-graph node after which each resumable node runs (updateState's asNode). */
const BEFORE: Record<string, string> = {
  "profile-data": "load-task",
  instructions: "profile-data",
  review: "instructions",
  codegen: "review",
};

/** The part of a compiled, checkpointed graph a resume needs. */
interface ResumableGraph {
  /** Reads the thread's latest state. */
  getState(config: LangGraphRunnableConfig): Promise<{ values: unknown }>;
  /** Writes a state update as if `asNode` had returned it. */
  updateState(config: LangGraphRunnableConfig, values: Partial<State>, asNode?: string): Promise<unknown>;
}

/**
 * Prepares a thread that stopped on an error (status failed, `stopped` set) to continue: the
 * status is set back to running as if the node before the failed one had just finished, so the
 * next invoke(null) runs the failed node again (a failed subgraph continues in place). Returns
 * false when the thread did not stop on an error.
 */
export async function prepareResume(graph: ResumableGraph, config: LangGraphRunnableConfig): Promise<boolean> {
  const values = (await graph.getState(config)).values as Partial<State>;
  const before = values.stopped ? BEFORE[values.stopped.node] : undefined;
  if (values.status !== "failed" || !before) return false;
  await graph.updateState(config, { status: "running", error: null }, before);
  return true;
}
