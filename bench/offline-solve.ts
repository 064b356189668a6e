import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CODE_BLOCKS, type CodeBlock, type Engine, type EngineInput, type FailureReport } from "../src/engines/engine.js";
import { parseValidationScore, SUBMISSION_FILE } from "../src/tools/task/script-contract.js";
import { validateSubmission } from "../src/tools/task/validate-submission.js";
import type { ExecResult } from "../src/tools/sandbox/executor-types.js";
import type { Decision } from "../src/types/instruction.js";

/** One engine-level solve: what ran, what it produced, how long it took. */
export interface SolveOutcome {
  /** Path of the last submission.csv (null when the last run wrote none). */
  submission: string | null;
  /** Validation problems of the last submission (empty when valid). */
  problems: string[];
  /** The script's own VALIDATION_SCORE line, if printed. */
  validationScore: number | null;
  /** Fix attempts made. */
  fixes: number;
  /** Wall time of the whole solve in ms. */
  wallMs: number;
  /** Time spent in Python script runs in ms (wallMs minus this is the time outside Python). */
  pythonMs: number;
  /** The decision (absent for the reference). */
  decision: Decision | null;
}

const MAX_FIXES = 3;

/** What went wrong in a run, as the fixer reads it (null when it succeeded and the submission is valid). */
function failureOf(run: ExecResult, problems: string[]): FailureReport | null {
  if (!run.ok) {
    const summary = run.limitHit ? `limit: ${run.limitHit}` : `exit code ${run.exitCode}${run.signal ? ` signal ${run.signal}` : ""}`;
    return { summary, error: run.stderr.slice(-4000), stdoutTail: run.stdout.slice(-2000) };
  }
  if (problems.length) return { summary: `invalid submission: ${problems[0]}`, error: problems.join("\n"), stdoutTail: run.stdout.slice(-2000) };
  return null;
}

/** Runs a script, validates its submission and repairs it with the engine's fixer up to three times. */
async function runWithFixes(engine: Engine, input: EngineInput, code: string, decision: Decision | null, started: number): Promise<SolveOutcome> {
  let pythonMs = 0;
  let current = code;
  for (let attempt = 0; ; attempt++) {
    const dir = join(input.runDir, `attempt-${attempt + 1}`);
    await mkdir(dir, { recursive: true });
    const scriptPath = join(dir, "solution.py");
    await writeFile(scriptPath, current);
    const run = await input.executor.run({ scriptPath, workDir: join(dir, "work"), taskDir: input.task.dir, limits: { wallSeconds: 600 } });
    pythonMs += run.durationMs;
    await writeFile(join(dir, "run.log"), `${run.stdout}\n--- stderr\n${run.stderr}`);
    const submission = run.files.includes(SUBMISSION_FILE) ? join(dir, "work", SUBMISSION_FILE) : null;
    const p = input.profile;
    const validation = submission
      ? await validateSubmission({
          submissionPath: submission,
          sampleSubmissionPath: p.sampleSubmissionFile ? join(input.task.dir, p.sampleSubmissionFile) : null,
          testPath: p.testFile ? join(input.task.dir, p.testFile) : null,
          idColumn: p.idColumn,
          targetColumns: p.targetColumns,
          submissionForm: p.submissionForm,
          classes: p.classes,
        })
      : { ok: false, problems: ["no submission.csv was written"] };
    const failure = failureOf(run, validation.problems);
    const outcome = { submission, problems: validation.problems, validationScore: parseValidationScore(run.stdout), fixes: attempt, pythonMs, decision };
    if (!failure || attempt >= MAX_FIXES) return { ...outcome, wallMs: Date.now() - started };
    try {
      current = (await engine.fix(input, decision?.instruction ?? null, current, failure)).value;
    } catch (error) {
      return { ...outcome, problems: [...outcome.problems, `fixer: ${String(error)}`], wallMs: Date.now() - started };
    }
  }
}

/** The full offline pipeline without the graph: rank k candidates, research, decide, write four blocks, join, run. */
export async function solveWithEngine(engine: Engine, input: EngineInput, k = 3): Promise<SolveOutcome> {
  const started = Date.now();
  const candidates = await Promise.all(Array.from({ length: k }, async (_, i) => (await engine.rankInstruction(input, i + 1, k)).value));
  const critiques = (await engine.research(input, candidates)).value;
  const decision = (await engine.decide(input, candidates, critiques)).value;
  const blocks: Partial<Record<CodeBlock, string>> = {};
  for (const block of CODE_BLOCKS) blocks[block] = (await engine.writeBlock(input, decision.instruction, block, { ...blocks })).value;
  const code = [`# Linguacodus solution: ${decision.instruction.title}`, "", ...CODE_BLOCKS.map((b) => blocks[b] ?? "")].join("\n\n");
  return runWithFixes(engine, input, code, decision, started);
}

/** The vanilla baseline (the plain reference script) through the same run-and-fix loop. */
export async function solveVanilla(engine: Engine, input: EngineInput): Promise<SolveOutcome> {
  const started = Date.now();
  const code = (await engine.vanilla(input)).value;
  return runWithFixes(engine, input, code, null, started);
}
