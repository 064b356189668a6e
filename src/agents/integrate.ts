import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { CODE_BLOCKS } from "../engines/engine.js";
import { hasStatements } from "../tools/code/extract-code.js";
import { writeArtifact } from "../run/artifacts.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";
import { currentVersion, writtenAttempt } from "../graph/linguacodus/attempts.js";

/** "block model: the reply contained R, not Python" (the first error without the quoted reply), and how many more. */
function decisive(errors: string[]): string {
  const first = errors[0].split(". Reply starts:")[0];
  return errors.length > 1 ? `${first} (and ${errors.length - 1} more block${errors.length > 2 ? "s" : ""})` : first;
}

/**
 * Node integrate: joins the blocks into one script, code/solution.v1.py, the first attempt. Blocks
 * without code, or a script of comments only, are its failure for the fixer: such a script is never executed.
 */
export async function integrateNode(state: State, _config: LangGraphRunnableConfig): Promise<StateUpdate> {
  if (!state.runDir) throw new Error("integrate needs a run directory");
  const title = state.instruction?.title ?? "solution";
  const parts = [`# Linguacodus solution: ${title}`, `# Task: ${state.task?.title ?? state.taskDir}`, ""];
  for (const block of CODE_BLOCKS) {
    parts.push(`# ======== ${block} ========`, state.blocks[block]?.trim() || `# (no code: the coder returned none for ${block})`, "");
  }
  const code = parts.join("\n");
  const version = currentVersion(state.attempts) + 1;
  const codePath = await writeArtifact(state.runDir, `code/solution.v${version}.py`, code);
  const failure = state.blockErrors.length
    ? {
        summary: `code generation returned no code for ${decisive(state.blockErrors)}`,
        error: state.blockErrors.join("\n"),
        stdoutTail: "",
      }
    : hasStatements(CODE_BLOCKS.map((block) => state.blocks[block] ?? "").join("\n"))
      ? null
      : { summary: "the script has no code to run: every block holds only comments", error: code, stdoutTail: "" };
  return { code, attempts: [writtenAttempt({ version, codePath, origin: "blocks", failure })] };
}
