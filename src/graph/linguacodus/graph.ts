import { END, START, StateGraph } from "@langchain/langgraph";
import { LinguacodusContext } from "./context.js";
import { LinguacodusInput, LinguacodusState } from "./state.js";
import { subgraphNode } from "./subgraph-node.js";
import { instrument } from "./instrument.js";
import { loadTaskNode } from "../../agents/load-task.js";
import { profileDataNode } from "../../agents/profile-data.js";
import { afterReview, reviewNode } from "../../agents/review.js";
import { graph as instructions } from "../instructions/graph.js";
import { graph as codegen } from "../codegen/graph.js";

/**
 * The Linguacodus graph: load-task → profile-data → instructions (rank → research → decide)
 * → review (a person approves, edits or regenerates; only with context.review)
 * → codegen (blocks → integrate → execute ⇄ fix → check → report).
 */
export const linguacodusBuilder = new StateGraph(LinguacodusState, { input: LinguacodusInput, context: LinguacodusContext })
  .addNode("load-task", instrument("load-task", loadTaskNode))
  .addNode("profile-data", instrument("profile-data", profileDataNode))
  .addNode("instructions", subgraphNode("instructions", instructions), { subgraphs: [instructions] })
  .addNode("review", instrument("review", reviewNode))
  .addNode("codegen", subgraphNode("codegen", codegen), { subgraphs: [codegen] })
  .addEdge(START, "load-task")
  .addEdge("load-task", "profile-data")
  .addEdge("profile-data", "instructions")
  .addEdge("instructions", "review")
  .addConditionalEdges("review", afterReview, { regenerate: "instructions", codegen: "codegen" })
  .addEdge("codegen", END);

/** The compiled main graph (registered in langgraph.json as "linguacodus"). */
export const graph = linguacodusBuilder.compile();
graph.name = "linguacodus";
