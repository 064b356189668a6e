import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { outputFileProblem, submissionByteCap } from "../tools/sandbox/output-file.js";
import { validateSubmission } from "../tools/task/validate-submission.js";
import { parseValidationScore, SUBMISSION_FILE } from "../tools/task/script-contract.js";
import { referencePath } from "../tools/task/reference.js";
import { readScriptMetrics } from "../tools/task/metrics-file.js";
import { invalidSubmissionSummary, scriptFailureSummary } from "../tools/task/failure-cause.js";
import { readContext } from "../graph/linguacodus/context.js";
import { writeJsonArtifact } from "../run/artifacts.js";
import type { State, StateUpdate } from "../graph/linguacodus/state.js";
import { currentAttempt, fixAttempts } from "../graph/linguacodus/attempts.js";
import type { Attempt, CheckResult } from "../types/attempt.js";
import type { Failure } from "../types/failure.js";

/** The current attempt closed with its check and failure. */
function checked(attempt: Attempt, check: CheckResult, failure: Failure | null): StateUpdate {
  return { attempts: [{ ...attempt, check, failure, endedAt: Date.now() }] };
}

/** Node check: the script succeeded and its submission matches the sample submission. */
export async function checkNode(state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> {
  const { profile, task, runDir } = state;
  const attempt = currentAttempt(state.attempts);
  const { execution, workDir } = attempt ?? {};
  if (!attempt || !execution || !workDir || !profile || !task || !runDir) throw new Error("check needs an execution, a profile and a task");
  const validationScore = parseValidationScore(execution.stdout);
  if (!execution.ok) {
    const context = readContext(config);
    const failure = {
      summary: scriptFailureSummary(execution, { memoryMb: context.execMemoryMb, wallSeconds: context.execTimeoutSeconds }),
      error: execution.stderr.slice(-8000),
      stdoutTail: execution.stdout.slice(-2000),
    };
    return checked(attempt, { ok: false, problems: [failure.summary], validationScore }, failure);
  }
  const sampleSubmissionPath = profile.sampleSubmissionFile ? referencePath(profile, task.dir, runDir, profile.sampleSubmissionFile) : null;
  const testPath = profile.testFile ? referencePath(profile, task.dir, runDir, profile.testFile) : null;
  const unreadable = await outputFileProblem(join(workDir, SUBMISSION_FILE), await submissionByteCap(sampleSubmissionPath ?? testPath));
  const validation = unreadable
    ? { ok: false, problems: [unreadable] }
    : await validateSubmission({
        submissionPath: join(workDir, SUBMISSION_FILE),
        sampleSubmissionPath,
        testPath,
        idColumn: profile.idColumn,
        targetColumns: profile.targetColumns,
        submissionForm: profile.submissionForm,
        classes: profile.classes,
      });
  if (!validation.ok) {
    const failure = {
      summary: invalidSubmissionSummary(validation.problems),
      error: validation.problems.join("\n"),
      stdoutTail: execution.stdout.slice(-2000),
    };
    return checked(attempt, { ok: false, problems: validation.problems, validationScore }, failure);
  }
  const submissionPath = join(runDir, SUBMISSION_FILE);
  await copyFile(join(workDir, SUBMISSION_FILE), submissionPath);
  await writeJsonArtifact(runDir, "score.json", {
    metric: profile.metric,
    higherIsBetter: profile.higherIsBetter,
    validationScore,
    attempt: fixAttempts(state.attempts) + 1,
    codeVersion: attempt.version,
  });
  const { metrics, note } = await readScriptMetrics(workDir);
  return { ...checked(attempt, { ok: true, problems: [], validationScore, metrics, metricsNote: note }, null), submissionPath };
}
