import { Command } from "@langchain/langgraph";
import { linguacodusBuilder } from "../graph/linguacodus/graph.js";
import type { Context } from "../graph/linguacodus/context.js";
import { isNodeStart } from "../graph/linguacodus/instrument.js";
import type { ReviewAnswer, State } from "../graph/linguacodus/state.js";
import type { ReviewRequest } from "../graph/linguacodus/state.js";
import { summarise, type RunSummary } from "../graph/linguacodus/summary.js";
import { prepareResume } from "../graph/linguacodus/resume.js";
import { writeJsonArtifact } from "../run/artifacts.js";
import { openRunCheckpointer } from "../run/checkpointer.js";
import { openExperienceStore } from "./experience-store-option.js";
import { askReview, LineReader } from "./review-prompt.js";
import { Progress } from "./progress.js";
import { printable } from "./plain-text.js";

/** How a run driven from the command line answers a review interrupt. */
export type ReviewMode = { kind: "interactive" } | { kind: "answer"; answer: ReviewAnswer } | { kind: "pause" };

/** What driving a run produced. */
export interface DriveResult {
  /** The summary (report writes summary.json; a run stopped by an error writes stopped.json). */
  summary: RunSummary;
  /** True when the run waits for a review answer (resume it with one). */
  paused: boolean;
}

/**
 * Runs or continues the graph of one run directory with its SQLite checkpointer: streams live
 * progress and answers review interrupts. A run stopped by an error (a model that fails, a bad
 * profile) keeps its checkpoint and writes stopped.json; `linguacodus resume` continues it.
 */
export async function driveRun(options: {
  runDir: string;
  threadId: string;
  context: Context;
  input: { taskDir: string } | null;
  review: ReviewMode;
  /** The experience store file (opened only when experience is not off). */
  experienceStore: string;
}): Promise<DriveResult> {
  const checkpointer = await openRunCheckpointer(options.runDir);
  const store = openExperienceStore(options.context.experience, options.experienceStore);
  const graph = linguacodusBuilder.compile({ checkpointer, store });
  const config = { configurable: { thread_id: options.threadId }, context: options.context, recursionLimit: 500 };
  const progress = new Progress();
  const reader = options.review.kind === "interactive" ? new LineReader() : null;
  let preset = options.review.kind === "answer" ? options.review.answer : null;
  let input: Parameters<typeof graph.stream>[0] = options.input;
  progress.start();
  try {
    if (input === null) await prepareResume(graph, config);
    for (let round = 1; ; round++) {
      const stream = await graph.stream(input, { ...config, streamMode: ["custom"], subgraphs: true });
      for await (const [, , chunk] of stream) {
        if (isNodeStart(chunk)) progress.node(chunk.node, chunk.fixAttempts);
      }
      const snapshot = await graph.getState(config);
      const pending = snapshot.tasks.flatMap((t) => t.interrupts);
      if (pending.length === 0) {
        const values = snapshot.values as State;
        if (values.stopped) stoppedMessage(values.error ?? "unknown error", options.runDir);
        return { summary: summarise(values, values.status === "running" ? "failed" : values.status), paused: false };
      }
      const request = pending[0].value as ReviewRequest;
      progress.stop();
      const answer = preset ?? (reader ? await askReview(request, options.runDir, reader, round) : null);
      preset = null;
      if (!answer) {
        process.stderr.write(
          `\nPaused for review: ${options.runDir}/instruction.md\n` +
            `Continue with: linguacodus resume ${options.runDir} --approve | --edit FILE | --regenerate [--feedback TEXT]\n`,
        );
        return { summary: summarise(snapshot.values as State, "running"), paused: true };
      }
      progress.start();
      input = new Command({ resume: answer });
    }
  } catch (error) {
    const values = ((await graph.getState(config).catch(() => null))?.values ?? {}) as Partial<State>;
    const message = error instanceof Error ? error.message : String(error);
    const summary = summarise({ ...values, runDir: values.runDir ?? options.runDir, error: message }, "failed");
    await writeJsonArtifact(options.runDir, "stopped.json", summary);
    stoppedMessage(message, options.runDir);
    return { summary, paused: false };
  } finally {
    progress.stop();
    reader?.close();
    checkpointer.db.close();
    store?.close();
  }
}

function stoppedMessage(message: string, runDir: string): void {
  process.stderr.write(
    `\nThe run stopped: ${printable(message)}\nEverything so far is kept; after fixing the cause continue with: linguacodus resume ${runDir}\n`,
  );
}
