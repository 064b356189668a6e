import { availableParallelism } from "node:os";
import { join } from "node:path";
import { isGraphBubbleUp, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { createRequire } from "node:module";
import { scoreHoldout, type HoldoutPlan } from "../../tools/task/holdout.js";
import { readReportedScore } from "../../tools/task/reported-score.js";
import { appendEvent, writeJsonArtifact } from "../../run/artifacts.js";
import { moveAside } from "../../run/move-aside.js";
import type { Trial, TrialSpec } from "../../types/trial.js";
import { budgetExhausted } from "./budget.js";
import { readContext, type Context } from "./context.js";
import { NESTED_KEY } from "./failure.js";
import { emitProgress, FOLD_KEY, TRIAL_KEY } from "./progress.js";
import { seedCode } from "./seed-code.js";
import { currentAttempt, currentFailure, lastExecution } from "./attempts.js";
import type { State, StateUpdate } from "./state.js";

/** The codegen graph as a validation run uses it (compiled without a checkpointer of its own). */
interface CodegenLike {
  /** Runs code generation, execution and fixes to the end. */
  invoke(input: Partial<State>, config: LangGraphRunnableConfig & { context: Context }): Promise<State>;
}

/** p-queue 6 is CommonJS: required, its class is the `default` export whatever loader runs this module. */
const PQueue = (createRequire(import.meta.url)("p-queue") as typeof import("p-queue")).default;
type PQueue = InstanceType<typeof PQueue>;

/** One queue per run directory: validation runs of a run share its CPU budget. */
const queues = new Map<string, PQueue>();

/** How many validation runs execute at once: the setting, else the cores divided by the threads each run gets. */
function parallelRuns(context: Context): number {
  return context.parallelRuns ?? Math.max(1, Math.floor(availableParallelism() / (context.execThreads ?? 2)));
}

function queueFor(runDir: string, context: Context): PQueue {
  const concurrency = parallelRuns(context);
  const existing = queues.get(runDir);
  if (existing && existing.concurrency === concurrency) return existing;
  const queue = new PQueue({ concurrency });
  queues.set(runDir, queue);
  return queue;
}

/** One fold's codegen run: its final state, where it ran and its submission. */
interface FoldRun {
  /** The fold's run directory. */
  dir: string;
  /** Codegen's final state. */
  out: State;
}

/**
 * The validate node over a compiled codegen graph: implements the Send payload's instruction on
 * the holdout's first split (the fit rows as the training file, the holdout rows' features as the
 * test file) with the run's fix loop, runs the resulting script unchanged on the other folds, and
 * scores every fold's submission with the harness's metric library against labels the sandbox
 * never sees. A run that fails, or a node that throws inside it, becomes a failed trial: the other
 * validation runs and the search go on. One record per run, in trials/<key>/trial.json too.
 */
export function validateNode(codegen: CodegenLike) {
  return async (state: State, config: LangGraphRunnableConfig): Promise<StateUpdate> => {
    const { trial: spec, holdout, runDir } = state;
    if (!spec || !holdout || !runDir) throw new Error("validate needs a trial, a holdout and a run directory");
    const context = readContext(config);
    const dir = join(runDir, "trials", spec.key);
    const started = Date.now();
    const spent = budgetExhausted(state, context);
    const same = spec.source === "decision" ? state.trials.find((t) => t.source === "candidate" && sameSteps(t, spec)) : undefined;
    const result = same
      ? { trial: { ...same, ...spec, durationMs: 0 }, usage: [], fallbacks: [] } // the Decider kept a candidate as it was: its run is reused
      : spent
        ? { trial: skipped(spec, dir, spent), usage: [], fallbacks: [] }
        : await queueFor(runDir, context)
            .add(() => runTrial(codegen, state, spec, holdout, dir, config, context, started))
            .catch((error: unknown) => {
              // a parallel task must not stop the run: anything but a cancel or an interrupt is this run's failure
              if (isGraphBubbleUp(error) || config.signal?.aborted) throw error;
              return { trial: skipped(spec, dir, error instanceof Error ? error.message : String(error)), usage: [], fallbacks: [] };
            });
    const { trial, usage, fallbacks } = result;
    await writeJsonArtifact(dir, "trial.json", trial);
    await appendEvent(runDir, {
      at: new Date().toISOString(),
      node: "validate",
      ms: trial.durationMs,
      status: "ok",
      trial: trial.key,
      holdoutScore: trial.holdoutScore,
      reportedScore: trial.reportedScore,
      ...(trial.failure ? { failure: trial.failure } : {}),
    });
    emitProgress(config, {
      event: "validation",
      key: trial.key,
      rank: trial.rank,
      holdoutScore: trial.holdoutScore,
      reportedScore: trial.reportedScore,
      failure: trial.failure,
      ms: trial.durationMs,
    });
    return { trials: [trial], usage, fallbacks };
  };
}

/** Whether a validated run implemented the same instruction as a spec (ranks aside). */
function sameSteps(trial: Trial, spec: TrialSpec): boolean {
  return JSON.stringify({ ...trial.instruction, rank: 0 }) === JSON.stringify({ ...spec.instruction, rank: 0 });
}

/** A validation run that never started (the budget was spent) or broke outside its script. */
function skipped(spec: TrialSpec, dir: string, why: string): Trial {
  return {
    ...spec,
    dir,
    attempts: [],
    ok: false,
    holdoutScore: null,
    foldScores: [],
    reportedScore: null,
    reportedNote: null,
    failure: `not run: ${why}`,
    execMs: 0,
    durationMs: 0,
  };
}

/** Runs codegen on every fold and scores the submissions. */
async function runTrial(
  codegen: CodegenLike,
  state: State,
  spec: TrialSpec,
  holdout: HoldoutPlan,
  dir: string,
  config: LangGraphRunnableConfig,
  context: Context,
  started: number,
): Promise<{ trial: Trial; usage: State["usage"]; fallbacks: State["fallbacks"] }> {
  config.signal?.throwIfAborted(); // queued behind a run that was cancelled
  await moveAside(dir); // what an interrupted run of this trial left is kept, renamed; the run starts afresh
  const folds: FoldRun[] = [];
  const usage: State["usage"] = [];
  const fallbacks: State["fallbacks"] = [];
  let failure: string | null = null;
  for (const [i, split] of holdout.splits.entries()) {
    const foldDir = holdout.splits.length > 1 ? join(dir, `fold-${i + 1}`) : dir;
    const first = folds[0];
    const seed = first ? await seedCode(foldDir, first.out.code ?? "") : {};
    const input: Partial<State> = {
      taskDir: join(split.dir, "public"),
      runId: state.runId,
      runDir: foldDir,
      startedAt: state.startedAt,
      engine: state.engine,
      task: state.task && { ...state.task, dir: join(split.dir, "public") },
      profile: state.profile,
      environment: state.environment,
      environmentError: state.environmentError,
      experience: state.experience,
      instruction: spec.instruction,
      fallbacks: state.fallbacks,
      ...seed,
    };
    let out: State;
    try {
      out = await codegen.invoke(input, {
        ...config,
        configurable: {
          ...config.configurable,
          [NESTED_KEY]: true,
          [TRIAL_KEY]: spec.key,
          ...(holdout.splits.length > 1 ? { [FOLD_KEY]: i + 1 } : {}),
        },
        // later folds run the first fold's final script as it is: a fix there would score other code
        context: { ...context, experience: "off", maxFixes: first ? 0 : context.maxFixes },
      });
    } catch (error) {
      if (isGraphBubbleUp(error) || config.signal?.aborted) throw error;
      failure = error instanceof Error ? error.message : String(error);
      break;
    }
    usage.push(...out.usage);
    fallbacks.push(...out.fallbacks);
    folds.push({ dir: foldDir, out });
    if (!(currentAttempt(out.attempts)?.check?.ok && out.submissionPath)) {
      failure = `${folds.length > 1 ? `fold ${i + 1}: ` : ""}${out.error ?? currentFailure(out.attempts)?.summary ?? "no valid submission"}`;
      break;
    }
  }
  const valid = folds.length === holdout.splits.length && failure === null;
  const scored = valid
    ? await scoreHoldout(
        holdout,
        folds.map((f) => f.out.submissionPath ?? ""),
      )
    : null;
  const attempts = folds[0]?.out.attempts ?? [];
  const graded = scored?.score ?? null;
  const claim = readReportedScore(lastExecution(attempts)?.stdout ?? "", state.profile?.metric ?? null);
  const gradeProblem = scored && scored.score === null ? scored.grades.find((g) => !g.valid)?.error : null;
  return {
    trial: {
      ...spec,
      dir,
      // the version every fold ran carries the harness's score
      attempts: attempts.map((a, i) => (i === attempts.length - 1 && graded !== null ? { ...a, holdoutScore: graded } : a)),
      ok: valid && scored?.score !== null,
      holdoutScore: scored?.score ?? null,
      foldScores: scored?.grades.map((g) => g.score) ?? [],
      reportedScore: claim.score,
      reportedNote: claim.note,
      failure: failure ?? (gradeProblem ? `the harness could not grade the submission: ${gradeProblem}` : null),
      execMs: folds.reduce((sum, f) => sum + (lastExecution(f.out.attempts)?.durationMs ?? 0), 0),
      durationMs: Date.now() - started,
    },
    usage,
    fallbacks,
  };
}
