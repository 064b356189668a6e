import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { CODE_BLOCKS } from "../engines/engine.js";
import { writeArtifact } from "../run/artifacts.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";

/** Node integrate: joins the blocks into one script, code/solution.v1.py. */
export async function integrateNode(state: State, _config: LangGraphRunnableConfig): Promise<StateUpdate> {
  if (!state.runDir) throw new Error("integrate needs a run directory");
  const title = state.instruction?.title ?? "solution";
  const parts = [`# Linguacodus solution: ${title}`, `# Task: ${state.task?.title ?? state.taskDir}`, ""];
  for (const block of CODE_BLOCKS) {
    parts.push(`# ======== ${block} ========`, state.blocks[block]?.trim() || `# (no code: the coder returned none for ${block})`, "");
  }
  const code = parts.join("\n");
  const version = state.codeVersion + 1;
  await writeArtifact(state.runDir, `code/solution.v${version}.py`, code);
  const failure = state.blockErrors.length
    ? { summary: "code generation returned no code for some blocks", error: state.blockErrors.join("\n"), stdoutTail: "" }
    : null;
  return { code, codeVersion: version, failure };
}
