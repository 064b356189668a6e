import { END, START, StateGraph, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { LinguacodusContext, readContext } from "./context.js";
import { LinguacodusState, type State } from "./state.js";
import { instrument } from "./instrument.js";
import { loadTaskNode } from "../../agents/load-task.js";
import { profileDataNode } from "../../agents/profile-data.js";
import { graph as instructions } from "../instructions/graph.js";
import { graph as codegen } from "../codegen/graph.js";

/** Runs the instructions subgraph as a node (its checkpoints, interrupts and stream nest under it). */
async function instructionsNode(state: State, config: LangGraphRunnableConfig) {
  return instructions.invoke(state, { ...config, context: readContext(config) });
}

/** Runs the codegen subgraph as a node. */
async function codegenNode(state: State, config: LangGraphRunnableConfig) {
  return codegen.invoke(state, { ...config, context: readContext(config) });
}

/**
 * The Linguacodus graph: load-task → profile-data → instructions (rank → research → decide)
 * → codegen (blocks → integrate → execute ⇄ fix → check → report).
 */
export const linguacodusBuilder = new StateGraph(LinguacodusState, LinguacodusContext)
  .addNode("load-task", instrument("load-task", loadTaskNode))
  .addNode("profile-data", instrument("profile-data", profileDataNode))
  .addNode("instructions", instructionsNode, { subgraphs: [instructions] })
  .addNode("codegen", codegenNode, { subgraphs: [codegen] })
  .addEdge(START, "load-task")
  .addEdge("load-task", "profile-data")
  .addEdge("profile-data", "instructions")
  .addEdge("instructions", "codegen")
  .addEdge("codegen", END);

/** The compiled main graph (registered in langgraph.json as "linguacodus"). */
export const graph = linguacodusBuilder.compile();
graph.name = "linguacodus";
