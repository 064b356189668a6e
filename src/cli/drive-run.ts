import { Command } from "@langchain/langgraph";
import { linguacodusBuilder } from "../graph/linguacodus/graph.js";
import type { Context } from "../graph/linguacodus/context.js";
import { resumeInput } from "../graph/linguacodus/resume.js";
import { recordCancel } from "../graph/linguacodus/cancel.js";
import type { ReviewAnswer, ReviewRequest, State } from "../graph/linguacodus/state.js";
import { summarise, type RunSummary } from "../graph/linguacodus/summary.js";
import { writeJsonArtifact } from "../run/artifacts.js";
import { hasCheckpoint, openRunCheckpointer } from "../run/checkpointer.js";
import { diskFullError } from "../run/disk-errors.js";
import { askReview, LineReader } from "./review-prompt.js";
import { Progress } from "./progress.js";
import { listenForStop, STOP_WORDS, type StopSignal } from "./stop-signals.js";
import { openExperienceStore } from "./experience-store-option.js";
import { printable } from "../tools/sandbox/plain-text.js";
import { parseProgressEvent } from "../types/progress-events.js";

/** How a run driven from the command line answers a review interrupt. */
export type ReviewMode = { kind: "interactive" } | { kind: "answer"; answer: ReviewAnswer } | { kind: "pause" };

/** What driving a run produced. */
export interface DriveResult {
  /** The summary (report writes summary.json; a run stopped by an error or a signal writes stopped.json). */
  summary: RunSummary;
  /** True when the run waits for a review answer (resume it with one). */
  paused: boolean;
  /** The signal that stopped the run, or null. */
  stoppedBy: StopSignal | null;
}

/** What to drive. */
export interface DriveOptions {
  /** The run directory. */
  runDir: string;
  /** Checkpoint thread id (the run id). */
  threadId: string;
  /** Run settings. */
  context: Context;
  /** The task directory the run solves. */
  taskDir: string;
  /** Continue from the checkpoint (a thread without one, killed before its first step, starts again). */
  resume: boolean;
  /** How review interrupts are answered. */
  review: ReviewMode;
  /** The experience store file (opened only when experience is not off). */
  experienceStore: string;
}

/**
 * Runs or continues the graph of one run directory with its SQLite checkpointer: streams live
 * progress and answers review interrupts. A run stopped by an error (a model that fails, a bad
 * profile, a full disk) or by SIGINT/SIGTERM keeps its checkpoint and writes stopped.json (a
 * signal's cancellation is recorded in the thread's state too: failed, stopped at the node that
 * ran); `linguacodus resume` continues it.
 */
export async function driveRun(options: DriveOptions): Promise<DriveResult> {
  const stop = listenForStop();
  const progress = new Progress();
  const reader = options.review.kind === "interactive" ? new LineReader() : null;
  let checkpointer: Awaited<ReturnType<typeof openRunCheckpointer>> | null = null;
  let graph: ReturnType<typeof linguacodusBuilder.compile> | null = null;
  const store = openExperienceStore(options.context.experience, options.experienceStore);
  const config = { configurable: { thread_id: options.threadId }, context: options.context, recursionLimit: 500, signal: stop.signal };
  progress.start();
  try {
    checkpointer = await openRunCheckpointer(options.runDir);
    graph = linguacodusBuilder.compile({ checkpointer, store });
    let input: Parameters<typeof graph.stream>[0] = { taskDir: options.taskDir };
    if (options.resume) {
      if (await hasCheckpoint(checkpointer, options.threadId)) input = null;
      else progress.note("the run has no checkpoint yet (it was stopped before its first step ended): starting it again");
    }
    if (input === null) input = await resumeInput(graph, config);
    let preset = options.review.kind === "answer" ? options.review.answer : null;
    for (let round = 1; ; round++) {
      const stream = await graph.stream(input, { ...config, streamMode: ["custom"], subgraphs: true });
      for await (const [, , chunk] of stream) {
        const event = parseProgressEvent(chunk);
        if (event) progress.event(event);
      }
      const snapshot = await graph.getState(config);
      const pending = snapshot.tasks.flatMap((t) => t.interrupts);
      if (pending.length === 0) {
        const values = snapshot.values as State;
        if (values.stopped) stoppedMessage(values.error ?? "unknown error", options.runDir, "Everything so far is kept");
        return { summary: summarise(values, values.status === "running" ? "failed" : values.status), paused: false, stoppedBy: null };
      }
      const request = pending[0].value as ReviewRequest;
      progress.stop();
      // Ctrl-C at the review prompt: the run waits at its checkpoint; resume asks again.
      const asked = reader ? Promise.race([askReview(request, options.runDir, reader, round), stop.stopped.then(() => null)]) : null;
      const answer = preset ?? (await asked);
      preset = null;
      const stoppedBy = stop.received();
      if (stoppedBy) {
        process.stderr.write(`\n${STOP_WORDS[stoppedBy]} — continue with: linguacodus resume ${options.runDir}\n`);
        return { summary: summarise(snapshot.values as State, "interrupted"), paused: false, stoppedBy };
      }
      if (!answer) {
        process.stderr.write(
          `\nPaused for review: ${options.runDir}/instruction.md\n` +
            `Continue with: linguacodus resume ${options.runDir} --approve | --edit FILE | --regenerate [--feedback TEXT]\n`,
        );
        return { summary: summarise(snapshot.values as State, "paused_for_review"), paused: true, stoppedBy: null };
      }
      progress.start();
      input = new Command({ resume: answer });
    }
  } catch (error) {
    progress.stop();
    const stoppedBy = stop.received();
    const cause = stoppedBy ? null : diskFullError(error, `the checkpoint database or an artifact in ${options.runDir}`);
    const message = stoppedBy ? `stopped by ${stoppedBy}` : cause instanceof Error ? cause.message : String(cause);
    if (stoppedBy && graph) await recordCancel(graph, config, message).catch(() => null);
    const values = ((await graph?.getState({ configurable: config.configurable }).catch(() => null))?.values ?? {}) as Partial<State>;
    const summary = summarise({ ...values, runDir: values.runDir ?? options.runDir, error: message }, stoppedBy ? "interrupted" : "failed");
    const kept = await writeJsonArtifact(options.runDir, "stopped.json", summary).then(
      () => "Everything so far is kept",
      (writeError: unknown) => `Everything up to the last checkpoint is kept (stopped.json could not be written: ${errorText(writeError)})`,
    );
    if (stoppedBy) process.stderr.write(`\n${STOP_WORDS[stoppedBy]} — continue with: linguacodus resume ${options.runDir}\n${kept}.\n`);
    else stoppedMessage(message, options.runDir, kept);
    return { summary, paused: false, stoppedBy };
  } finally {
    progress.stop();
    stop.dispose();
    reader?.close();
    checkpointer?.db.close();
    store?.close();
  }
}

/** Says why the run stopped on an error (script text made printable) and how to continue it. */
function stoppedMessage(message: string, runDir: string, kept: string): void {
  process.stderr.write(
    `\nThe run stopped: ${printable(message)}\n${kept}; after fixing the cause continue with: linguacodus resume ${runDir}\n`,
  );
}

function errorText(error: unknown): string {
  const cause = diskFullError(error, "stopped.json");
  return cause instanceof Error ? cause.message : String(cause);
}
