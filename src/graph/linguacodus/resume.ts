import { Command, type LangGraphRunnableConfig } from "@langchain/langgraph";
import type { State } from "./state.js";

/** The main graph's last node: its edge goes to END, so a state written as it leaves the thread ended. */
export const LAST_NODE = "codegen";

/** The part of a compiled, checkpointed graph a resume needs; N names its nodes. */
interface ResumableGraph<N extends string> {
  /** Reads the thread's latest state and the nodes it would run next. */
  getState(config: LangGraphRunnableConfig): Promise<{ values: unknown; next: readonly string[] }>;
  /** Writes a state update as if `asNode` had returned it. */
  updateState(config: LangGraphRunnableConfig, values: Partial<State>, asNode?: string): Promise<unknown>;
  /** The graph's nodes by name. */
  nodes: Record<N, unknown>;
}

/**
 * Prepares a thread that stopped on an error or a cancel (status failed, `stopped` set at one of
 * the graph's nodes) to continue, and returns the input that does: the status is set back to
 * running (the thread stays ended) and a Command goes to the stopped node, which runs again (a
 * stopped subgraph continues in place, redoing only its stopped step). A thread left running with
 * nothing to run and `stopped` set (a process killed between the two) gets the Command too. Null
 * when the thread did not stop so: invoke it with null to continue as it is.
 */
export async function resumeInput<N extends string>(
  graph: ResumableGraph<N>,
  config: LangGraphRunnableConfig,
): Promise<Command<unknown, never, N> | null> {
  const thread = { configurable: config.configurable };
  const snapshot = await graph.getState(thread);
  const values = snapshot.values as Partial<State>;
  const node = values.stopped?.node;
  if (node === undefined || !isNodeOf(graph, node)) return null;
  const killedBetween = values.status === "running" && snapshot.next.length === 0;
  if (values.status !== "failed" && !killedBetween) return null;
  if (values.status === "failed") await graph.updateState(thread, { status: "running", error: null }, LAST_NODE);
  return new Command({ goto: node });
}

/** Whether `name` is a node of the graph. */
function isNodeOf<N extends string>(graph: ResumableGraph<N>, name: string): name is N {
  return Object.hasOwn(graph.nodes, name);
}
