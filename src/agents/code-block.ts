import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { asScriptText } from "../tools/task/script-contract.js";
import type { CodeBlock } from "../engines/engine.js";
import { NoCodeReplyError } from "../models/step-error.js";
import { writeArtifact, writeRawReplies } from "../run/artifacts.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";
import { runServices } from "../graph/linguacodus/run-services.js";

/**
 * Makes the node code-<block>: the coder writes one block from the instruction, the profile and
 * the blocks before it. A reply without code is recorded in blockErrors for the fix cycle to see.
 */
export function codeBlockNode(block: CodeBlock) {
  return async (state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> => {
    const { engine, input } = await runServices(state, config);
    if (!state.instruction) throw new Error(`code-${block} needs an instruction`);
    try {
      const result = await engine.writeBlock(input, state.instruction, block, state.blocks);
      await writeRawReplies(input.runDir, `coder-${block}`, result.raw);
      await writeArtifact(input.runDir, `code/blocks/${block}.py`, asScriptText(result.value));
      return { blocks: { [block]: result.value }, usage: result.usage };
    } catch (error) {
      if (!(error instanceof NoCodeReplyError)) throw error;
      await writeRawReplies(input.runDir, `coder-${block}`, error.raw);
      return { blocks: { [block]: "" }, blockErrors: [...state.blockErrors, `block ${block}: ${error.message}`], usage: error.usage };
    }
  };
}

/** Node code-preprocessing. */
export const codePreprocessingNode = codeBlockNode("preprocessing");
/** Node code-model. */
export const codeModelNode = codeBlockNode("model");
/** Node code-training. */
export const codeTrainingNode = codeBlockNode("training");
/** Node code-submission. */
export const codeSubmissionNode = codeBlockNode("submission");
