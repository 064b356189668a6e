import { Overwrite, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { readContext } from "./context.js";
import type { State } from "./state.js";

/** A compiled graph over the Linguacodus state (the instructions and codegen subgraphs). */
interface StateGraphLike {
  /** Runs the graph from a state to its final state. */
  invoke(input: State, config: LangGraphRunnableConfig & { context: ReturnType<typeof readContext> }): Promise<State>;
}

/**
 * Wraps a subgraph over the same state as a node. The subgraph's final state replaces the
 * parent's: reducer channels are overwritten, never re-appended (usage would count twice).
 * Its checkpoints, interrupts and stream events nest under the node.
 */
export function subgraphNode(subgraph: StateGraphLike) {
  return async (state: State, config: LangGraphRunnableConfig) => {
    const final = await subgraph.invoke(state, { ...config, context: readContext(config) });
    return {
      ...final,
      candidates: new Overwrite(final.candidates),
      blocks: new Overwrite(final.blocks),
      usage: new Overwrite(final.usage),
    };
  };
}
