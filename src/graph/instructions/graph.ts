import { END, START, StateGraph, type LangGraphRunnableConfig } from "@langchain/langgraph";
import type { InteropZodObject } from "@langchain/core/utils/types";
import { LinguacodusContext, readContext } from "../linguacodus/context.js";
import { LinguacodusInput, LinguacodusState, type State } from "../linguacodus/state.js";
import { instrument } from "../linguacodus/instrument.js";
import { withStateDefaults } from "../linguacodus/state-defaults.js";
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
 * The instruction steps on a graph over the Linguacodus state whose input is `input` (none: the
 * state, as LangGraph parses it): recall-experience → k candidates in parallel (Send) → research →
 * decide. Where they start is left to the caller.
 */
function instructionSteps<I extends InteropZodObject>(input?: I) {
  return new StateGraph(LinguacodusState, { input, context: LinguacodusContext })
    .addNode("recall-experience", instrument(recallExperienceNode))
    .addNode("rank-instructions", instrument(budgeted(rankInstructionsNode, "research", END)), { ends: ["research", END] })
    .addNode("research", instrument(budgeted(researchNode, decideNow, END)), { ends: ["decide", END] })
    .addNode("decide", instrument(budgeted(decideNode, END, END)), { ends: [END] })
    .addConditionalEdges("recall-experience", sendCandidates, ["rank-instructions"]);
}

/** The instructions subgraph of the main graph, on its state (the task loaded and profiled): from recall-experience. */
export const subgraph = instructionSteps().addEdge(START, "recall-experience").compile();
subgraph.name = "instructions";

/** The instructions graph alone (input: the task directory, optionally where the run goes): load-task → profile-data → the instruction steps. */
export const graph = instructionSteps(LinguacodusInput)
  .addNode("load-task", instrument(withStateDefaults(loadTaskNode)))
  .addNode("profile-data", instrument(profileDataNode))
  .addEdge(START, "load-task")
  .addEdge("load-task", "profile-data")
  .addEdge("profile-data", "recall-experience")
  .compile();
graph.name = "instructions";
