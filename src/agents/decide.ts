import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { renderInstructionMarkdown } from "../types/instruction.js";
import type { Measured } from "../engines/engine.js";
import { writeArtifact, writeJsonArtifact, writeRawReplies } from "../run/artifacts.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";
import { runServices } from "../graph/linguacodus/run-services.js";

/** The candidates' validation runs as the Decider weighs them (undefined before any ran: the paper's flow). */
function measuredScores(state: State): Measured | undefined {
  const runs = state.trials.filter((t) => t.source === "candidate" && t.rank !== null);
  if (!state.holdout || runs.length === 0) return undefined;
  return {
    metric: state.holdout.metric,
    higherIsBetter: state.holdout.higherIsBetter,
    scores: runs.map((t) => ({ rank: t.rank ?? 0, holdoutScore: t.holdoutScore, reportedScore: t.reportedScore, failure: t.failure })),
  };
}

/**
 * Node decide: the Decider chooses a candidate and writes the improved final instruction — from
 * the instructions and the critique (the paper's flow), or, once every candidate was
 * validation-run, with their measured holdout scores too.
 */
export async function decideNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  const { engine, input } = await runServices(state, config);
  const measured = measuredScores(state);
  const result = await engine.decide(input, state.candidates, state.critiques ?? [], measured);
  await writeRawReplies(input.runDir, "decider", result.raw);
  await writeJsonArtifact(input.runDir, "decision.json", measured ? { ...result.value, measured } : result.value);
  await writeArtifact(
    input.runDir,
    "instruction.md",
    `${renderInstructionMarkdown(result.value.instruction)}\n---\nChosen: candidate ${result.value.chosen}. ${result.value.rationale}\n`,
  );
  return { decision: result.value, instruction: result.value.instruction, usage: result.usage, fallbacks: result.fallbacks ?? [] };
}
