import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { renderInstructionMarkdown } from "../types/instruction.js";
import { writeArtifact, writeJsonArtifact, writeRawReplies } from "../run/artifacts.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";
import { runServices } from "../graph/linguacodus/run-services.js";

/** Node rank-instructions: the instructor writes the candidate for one rank ("for the i-th place"). */
export async function rankInstructionsNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  const rank = state.candidateRank ?? 1;
  const { engine, input, context } = await runServices(state, config);
  const regenerate = state.reviewAnswer?.action === "regenerate" ? state.reviewAnswer : null;
  const experience = state.experience?.examples ?? [];
  const result = await engine.rankInstruction(
    { ...input, experience, ...(regenerate ? { rejected: state.candidates, feedback: regenerate.feedback } : {}) },
    rank,
    context.candidates,
  );
  const dir = input.runDir;
  await writeRawReplies(dir, `instructor-${rank}`, result.raw);
  await writeJsonArtifact(dir, `instructions/candidate-${rank}.json`, result.value);
  await writeArtifact(dir, `instructions/candidate-${rank}.md`, renderInstructionMarkdown(result.value));
  return { candidates: [result.value], usage: result.usage, fallbacks: result.fallbacks ?? [] };
}
