import { END, START, StateGraph } from "@langchain/langgraph";
import { LinguacodusContext } from "./context.js";
import { LinguacodusInput, LinguacodusState } from "./state.js";
import { subgraphNode } from "./subgraph-node.js";
import { instrument } from "./instrument.js";
import { loadTaskNode } from "../../agents/load-task.js";
import { profileDataNode } from "../../agents/profile-data.js";
import { reviewNode } from "../../agents/review.js";
import { afterReview, unlessStopped } from "./routes.js";
import { graph as instructions } from "../instructions/graph.js";
import { graph as codegen } from "../codegen/graph.js";

/**
 * The Linguacodus graph: load-task → profile-data → instructions (rank → research → decide)
 * → review (a person approves, edits or regenerates; only with context.review)
 * → codegen (blocks → integrate → execute ⇄ fix → check → report).
 */
export const linguacodusBuilder = new StateGraph(LinguacodusState, { input: LinguacodusInput, context: LinguacodusContext })
  .addNode("load-task", instrument(loadTaskNode))
  .addNode("profile-data", instrument(profileDataNode))
  .addNode("instructions", subgraphNode("instructions", instructions), { subgraphs: [instructions] })
  .addNode("review", instrument(reviewNode))
  .addNode("codegen", subgraphNode("codegen", codegen), { subgraphs: [codegen] })
  .addEdge(START, "load-task")
  .addConditionalEdges("load-task", unlessStopped("profile-data", END), ["profile-data", END])
  .addConditionalEdges("profile-data", unlessStopped("instructions", END), ["instructions", END])
  .addConditionalEdges("instructions", unlessStopped("review", "codegen"), ["review", "codegen"])
  .addConditionalEdges("review", afterReview, { regenerate: "instructions", codegen: "codegen" })
  .addEdge("codegen", END);

/** The compiled main graph (registered in langgraph.json as "linguacodus"). */
export const graph = linguacodusBuilder.compile();
graph.name = "linguacodus";
