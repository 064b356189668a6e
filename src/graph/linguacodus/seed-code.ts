import { join } from "node:path";
import { replaceFile } from "../../run/artifacts.js";
import { asScriptText } from "../../tools/task/script-contract.js";
import type { StateUpdate } from "./state.js";
import { writtenAttempt } from "./attempts.js";

/**
 * Starts a codegen run from a finished script instead of the instruction: the script becomes
 * code/solution.v1.py of `runDir`, its first attempt, not yet executed, so codegen goes straight to execute.
 */
export async function seedCode(runDir: string, code: string): Promise<StateUpdate> {
  const text = asScriptText(code);
  const codePath = join(runDir, "code/solution.v1.py");
  await replaceFile(codePath, text);
  return { code: text, attempts: [writtenAttempt({ version: 1, codePath, origin: "seed" })] };
}
