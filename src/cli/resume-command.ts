import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { makeContext } from "../graph/linguacodus/context.js";
import type { ReviewAnswer } from "../graph/linguacodus/state.js";
import { readRunRecord } from "../run/run-record.js";
import { driveRun, type ReviewMode } from "./drive-run.js";
import { EXIT, printSummary } from "./solve-command.js";
import { STORE_FILE, storePath } from "../memory/local-store.js";

const USAGE = `usage: linguacodus resume <run-dir> [--approve | --edit FILE | --regenerate [--feedback TEXT]]
       [--experience-store FILE] [--json]
  Continues a run that was killed or paused for review, from its last checkpoint. Experience is
  recalled from and recorded in FILE, else $LINGUACODUS_EXPERIENCE_STORE, else experience.sqlite
  beside the run directory (as solve chose it), as the run's --experience mode says.`;

const OPTIONS = {
  approve: { type: "boolean" },
  edit: { type: "string" },
  regenerate: { type: "boolean" },
  feedback: { type: "string" },
  "experience-store": { type: "string" },
  json: { type: "boolean" },
} as const;

/** `linguacodus resume`: continues a run directory from its checkpoint database. */
export async function resumeCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    if (parsed.positionals.length !== 1) throw new Error("expected exactly one run directory");
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return EXIT.usage;
  }
  const { values } = parsed;
  const runDir = resolve(parsed.positionals[0]);
  let record;
  let review: ReviewMode;
  try {
    record = await readRunRecord(runDir);
    review = await reviewMode(values);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  const context = makeContext(record.context);
  if (review.kind === "pause" && context.review) review = { kind: "interactive" };
  process.stderr.write(`resuming run ${record.runId} in ${runDir}\n`);
  const started = Date.now();
  const experienceStore = storePath(values["experience-store"], join(dirname(runDir), STORE_FILE));
  const result = await driveRun({ runDir, threadId: record.runId, context, input: null, review, experienceStore });
  printSummary(result.summary, (Date.now() - started) / 1000, values.json === true);
  return result.paused ? EXIT.paused : result.summary.status === "succeeded" ? EXIT.ok : EXIT.failed;
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
