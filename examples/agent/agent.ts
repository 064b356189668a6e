/**
 * A tool-calling agent that can solve ML tasks: LangChain's createAgent with the solveMlTask
 * tool. Any chat model with tool calling works (ChatOpenAI against OpenAI, vLLM, Ollama, ...).
 */
import { createAgent } from "langchain";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { z } from "zod";
import { createSolveMlTaskTool } from "../../src/tools/langchain/solve-ml-task.js";
import type { LinguacodusContext } from "../../src/graph/linguacodus/context.js";

/** Builds the agent; `runSettings` fixes the Linguacodus run settings (engine, models, runsDir). */
export function createMlAgent(model: BaseChatModel, runSettings: z.input<typeof LinguacodusContext> = {}) {
  return createAgent({
    model,
    tools: [createSolveMlTaskTool(runSettings)],
    systemPrompt: "You help with machine-learning tasks. To solve one, call solveMlTask with its task directory, then report the result.",
  });
}
