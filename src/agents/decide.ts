import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { renderInstructionMarkdown } from "../types/instruction.js";
import { writeArtifact, writeJsonArtifact, writeRawReplies } from "../run/artifacts.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";
import { runServices } from "../graph/linguacodus/run-services.js";

/** Node decide: the Decider chooses a candidate and writes the improved final instruction. */
export async function decideNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  const { engine, input } = await runServices(state, config);
  const result = await engine.decide(input, state.candidates, state.critiques ?? []);
  await writeRawReplies(input.runDir, "decider", result.raw);
  await writeJsonArtifact(input.runDir, "decision.json", result.value);
  await writeArtifact(
    input.runDir,
    "instruction.md",
    `${renderInstructionMarkdown(result.value.instruction)}\n---\nChosen: candidate ${result.value.chosen}. ${result.value.rationale}\n`,
  );
  return { decision: result.value, instruction: result.value.instruction, usage: result.usage, fallbacks: result.fallbacks ?? [] };
}
