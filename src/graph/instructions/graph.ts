import { END, START, StateGraph, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { LinguacodusContext, readContext } from "../linguacodus/context.js";
import { LinguacodusState, type State } from "../linguacodus/state.js";
import { instrument } from "../linguacodus/instrument.js";
import { budgeted } from "../linguacodus/budget.js";
import { loadTaskNode } from "../../agents/load-task.js";
import { profileDataNode } from "../../agents/profile-data.js";
import { rankInstructionsNode } from "../../agents/rank-instructions.js";
import { sendCandidates } from "../linguacodus/routes.js";
import { researchNode } from "../../agents/research.js";
import { decideNode } from "../../agents/decide.js";
import { recallExperienceNode } from "../../agents/recall-experience.js";

/** After research: the Decider now (the paper's flow), or after the candidates are measured (a holdout and measured selection). */
function decideNow(state: State, config: LangGraphRunnableConfig): "decide" | typeof END {
  return state.holdout && readContext(config).selection === "measured" ? END : "decide";
}

/**
 * The instructions subgraph: recall-experience → k candidates in parallel (Send) → research → decide.
 * Loads and profiles the task when used alone.
 */
export const instructionsBuilder = new StateGraph(LinguacodusState, LinguacodusContext)
  .addNode("load-task", instrument(loadTaskNode))
  .addNode("profile-data", instrument(profileDataNode))
  .addNode("recall-experience", instrument(recallExperienceNode))
  .addNode("rank-instructions", instrument(budgeted(rankInstructionsNode, "research", END)), { ends: ["research", END] })
  .addNode("research", instrument(budgeted(researchNode, decideNow, END)), { ends: ["decide", END] })
  .addNode("decide", instrument(budgeted(decideNode, END, END)), { ends: [END] })
  .addConditionalEdges(START, (s: State) => (s.profile ? "recall-experience" : "load-task"), ["load-task", "recall-experience"])
  .addEdge("load-task", "profile-data")
  .addEdge("profile-data", "recall-experience")
  .addConditionalEdges("recall-experience", sendCandidates, ["rank-instructions"]);

/** The compiled instructions subgraph (registered in langgraph.json as "instructions"). */
export const graph = instructionsBuilder.compile();
graph.name = "instructions";
