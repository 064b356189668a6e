import { join } from "node:path";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { writeArtifact, writeJsonArtifact } from "../run/artifacts.js";
import { moveAside } from "../run/move-aside.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";
import { runServices } from "../graph/linguacodus/run-services.js";
import { wallSecondsLeft } from "../graph/linguacodus/budget.js";
import { currentAttempt, fixAttempts } from "../graph/linguacodus/attempts.js";
import { execProgress } from "../graph/linguacodus/progress.js";

/** Node execute: the Python-execution tool node; runs the current script in the sandbox. */
export async function executeNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  const { input, context } = await runServices(state, config);
  const current = currentAttempt(state.attempts);
  if (!state.code || !current) throw new Error("execute needs a script");
  const attempt = fixAttempts(state.attempts) + 1;
  const scriptPath = current.codePath;
  const workDir = join(input.runDir, "exec", `attempt-${attempt}`);
  await moveAside(workDir); // a work dir left by an interrupted attempt is kept, renamed; the rerun starts fresh
  const progress = execProgress(config, attempt, current.version);
  const execution = await input.executor.run(
    {
      scriptPath,
      workDir,
      taskDir: input.task.dir,
      limits: {
        wallSeconds: Math.min(context.execTimeoutSeconds, wallSecondsLeft(state, context)),
        memoryMb: context.execMemoryMb,
        ...(context.execThreads ? { threads: context.execThreads } : {}),
      },
    },
    { signal: config.signal, onStdoutLine: progress.onStdoutLine },
  );
  progress.end(execution);
  const header = [
    `# attempt ${attempt}: code/solution.v${current.version}.py`,
    `# exit ${execution.exitCode ?? execution.signal}; limit ${execution.limitHit ?? "none"}; ${execution.durationMs} ms; sandbox ${execution.sandbox}`,
  ];
  await writeArtifact(
    input.runDir,
    `exec/attempt-${attempt}.log`,
    [...header, "## stdout", execution.stdout, "## stderr", execution.stderr, ""].join("\n"),
  );
  await writeJsonArtifact(input.runDir, `exec/attempt-${attempt}.json`, execution);
  return { attempts: [{ ...current, workDir, execution }] };
}
