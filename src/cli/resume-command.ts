import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { existsSync } from "node:fs";
import { parseFlags } from "./flags.js";
import { helpText, usageMistake } from "./help-text.js";
import { RESUME } from "./resume-flags.js";
import { makeContext } from "../graph/linguacodus/context.js";
import type { ReviewAnswer } from "../graph/linguacodus/state.js";
import { checkpointThreads } from "../run/checkpointer.js";
import { lockRunDir } from "../run/run-lock.js";
import { readRunRecord, rebuildRunRecord, replaceRunRecord, RUN_RECORD, type RunRecord, RunRecordError } from "../run/run-record.js";
import { driveRun, type ReviewMode } from "./drive-run.js";
import { EXIT, exitCode, printSummary } from "./solve-command.js";
import { STORE_FILE, storePath } from "../memory/local-store.js";

/** `linguacodus resume`: continues a run directory from its checkpoint database. */
export async function resumeCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseFlags(RESUME, argv);
    if (parsed !== "help" && parsed.positionals.length !== 1) throw new Error("expected exactly one run directory");
  } catch (error) {
    process.stderr.write(usageMistake(RESUME, (error as Error).message));
    return EXIT.usage;
  }
  if (parsed === "help") {
    process.stdout.write(helpText(RESUME));
    return EXIT.ok;
  }
  const { values } = parsed;
  const runDir = resolve(parsed.positionals[0]);
  let review: ReviewMode;
  try {
    review = await reviewMode(values);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  if (!existsSync(join(runDir, RUN_RECORD))) {
    process.stderr.write(`error: not a run directory (no ${RUN_RECORD}): ${runDir}\n`);
    return EXIT.usage;
  }
  let release: () => Promise<void>;
  try {
    release = await lockRunDir(runDir);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  try {
    let record: RunRecord;
    try {
      record = await readOrRebuildRecord(runDir);
    } catch (error) {
      process.stderr.write(`error: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    const context = makeContext(record.context);
    if (review.kind === "pause" && context.review) review = { kind: "interactive" };
    process.stderr.write(`resuming run ${record.runId} in ${runDir}\n`);
    const started = Date.now();
    const experienceStore = storePath(values["experience-store"], join(dirname(runDir), STORE_FILE));
    const result = await driveRun({
      runDir,
      threadId: record.runId,
      context,
      taskDir: record.taskDir,
      resume: true,
      review,
      experienceStore,
    });
    printSummary(result.summary, (Date.now() - started) / 1000, values.json === true);
    return exitCode(result);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.failed;
  } finally {
    await release();
  }
}

/** run.json, or, when it is empty or damaged, one rebuilt from task.json and the checkpoint thread (then written back). */
async function readOrRebuildRecord(runDir: string): Promise<RunRecord> {
  try {
    return await readRunRecord(runDir);
  } catch (error) {
    if (!(error instanceof RunRecordError && error.damaged)) throw error;
    const threads = await checkpointThreads(runDir);
    const rebuilt = threads.length <= 1 ? await rebuildRunRecord(runDir, threads[0] ?? null) : null;
    if (!rebuilt) {
      throw new Error(
        `${error.message}, and the task it solves is not recorded; start it again here with: linguacodus solve <task-dir> --out ${runDir}`,
      );
    }
    await replaceRunRecord(runDir, rebuilt);
    process.stderr.write(`${error.message}: rebuilt it from task.json\n`);
    return rebuilt;
  }
}

async function reviewMode(values: { approve?: boolean; edit?: string; regenerate?: boolean; feedback?: string }): Promise<ReviewMode> {
  const chosen = [values.approve, values.edit !== undefined, values.regenerate].filter(Boolean).length;
  if (chosen > 1) throw new Error("choose one of --approve, --edit FILE, --regenerate");
  let answer: ReviewAnswer | null = null;
  if (values.approve) answer = { action: "approve" };
  if (values.regenerate) answer = { action: "regenerate", feedback: values.feedback ?? "" };
  if (values.edit !== undefined) {
    const text = await readFile(values.edit, "utf8").catch(() => null);
    if (text === null) throw new Error(`cannot read the edited instruction: ${values.edit}`);
    answer = { action: "edit", instruction: text };
  }
  return answer ? { kind: "answer", answer } : { kind: "pause" };
}
