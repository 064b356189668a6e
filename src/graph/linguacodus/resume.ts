import { START, type LangGraphRunnableConfig } from "@langchain/langgraph";
import type { State } from "./state.js";

/** The main graph's last node: its edge goes to END, so a state written as it leaves the thread ended. */
export const LAST_NODE = "codegen";

/** The main-graph node after which each resumable node runs (updateState's asNode). */
const BEFORE: Record<string, string> = {
  "load-task": START,
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
 * Prepares a thread that stopped on an error or a cancel (status failed, `stopped` set) to
 * continue: the status is set back to running as if the node before the stopped one had just
 * finished, so the next invoke(null) runs the stopped node again (a stopped subgraph continues in
 * place). Returns false when the thread did not stop so.
 */
export async function prepareResume(graph: ResumableGraph, config: LangGraphRunnableConfig): Promise<boolean> {
  const values = (await graph.getState({ configurable: config.configurable })).values as Partial<State>;
  const before = values.stopped ? BEFORE[values.stopped.node] : undefined;
  if (values.status !== "failed" || !before) return false;
  if (before === START) {
    // START writes the input channels only: the status is reset first, as the last node (the thread stays ended).
    await graph.updateState({ configurable: config.configurable }, { status: "running", error: null }, LAST_NODE);
    await graph.updateState({ configurable: config.configurable }, { taskDir: values.taskDir }, START);
  } else {
    await graph.updateState({ configurable: config.configurable }, { status: "running", error: null }, before);
  }
  return true;
}
