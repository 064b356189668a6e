import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { asScriptText } from "../tools/task/script-contract.js";
import { NoCodeReplyError } from "../models/step-error.js";
import { writeArtifact, writeRawReplies } from "../run/artifacts.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";
import { runServices } from "../graph/linguacodus/run-services.js";
import { currentVersion, writtenAttempt } from "../graph/linguacodus/attempts.js";

/**
 * Node code-vanilla: the paper's baseline. With no instruction, the coder writes a whole solution
 * straight from the description and profile (code/solution.v1.py); no code is a failure to fix.
 */
export async function codeVanillaNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  const { engine, input } = await runServices(state, config);
  const version = currentVersion(state.attempts) + 1;
  try {
    const result = await engine.vanilla(input);
    await writeRawReplies(input.runDir, "coder-vanilla", result.raw);
    const code = asScriptText(result.value);
    const codePath = await writeArtifact(input.runDir, `code/solution.v${version}.py`, code);
    return { code, attempts: [writtenAttempt({ version, codePath, origin: "vanilla" })], usage: result.usage };
  } catch (error) {
    if (!(error instanceof NoCodeReplyError)) throw error;
    await writeRawReplies(input.runDir, "coder-vanilla", error.raw);
    const code = "# the coder returned no code\n";
    const codePath = await writeArtifact(input.runDir, `code/solution.v${version}.py`, code);
    const failure = {
      summary: `code generation returned no code: ${error.message.split(". Reply starts:")[0]}`,
      error: error.message,
      stdoutTail: "",
    };
    return { code, attempts: [writtenAttempt({ version, codePath, origin: "vanilla", failure })], usage: error.usage };
  }
}
