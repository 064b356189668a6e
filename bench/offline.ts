/**
 * Offline-engine benchmark: for every task of a suite (default ../shared/tasks), runs the plain
 * reference (the engine's vanilla script) and the full offline pipeline, grades both with the
 * bench grader (src/bench/grade.ts) against private/answers.csv, prints a table and writes it to
 * bench/results/offline.md (and .json).
 *
 * Usage: npm run bench:offline -- [--tasks a,b] [--suite DIR] [--race] [--sandbox auto|none] [--out FILE]
 */
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gradeSubmission, type Grade } from "../src/bench/grade.js";
import { createOfflineEngine } from "../src/engines/offline/index.js";
import { loadTask } from "../src/tools/task/load-task.js";
import { profileData } from "../src/tools/task/profile-data.js";
import { createPythonExecutor, DEFAULT_PYTHON } from "../src/tools/sandbox/python-executor.js";
import { solveVanilla, solveWithEngine, type SolveOutcome } from "./offline-solve.js";

const here = dirname(fileURLToPath(import.meta.url));

/** One row of the table. */
interface Row {
  task: string;
  metric: string;
  reference: Grade;
  offline: Grade;
  referenceSeconds: number;
  offlineSeconds: number;
  outsidePythonSeconds: number;
  chosen: string;
  verdict: string;
}

async function grade(taskRoot: string, outcome: SolveOutcome): Promise<Grade> {
  if (!outcome.submission) {
    return { task: basename(taskRoot), metric: "?", score: null, higherIsBetter: true, valid: false, error: outcome.problems.join("; ") || "no submission" };
  }
  return gradeSubmission(taskRoot, outcome.submission);
}

/** "better", "tie" (within 0.5% relative) or "worse" for the offline score against the reference. */
function verdict(reference: Grade, offline: Grade): string {
  if (!offline.valid || offline.score === null) return "INVALID";
  if (!reference.valid || reference.score === null) return "better";
  const gain = (offline.score - reference.score) * (offline.higherIsBetter ? 1 : -1);
  if (Math.abs(gain) <= 0.005 * Math.abs(reference.score)) return "tie";
  return gain > 0 ? "better" : "worse";
}

const fmt = (g: Grade) => (g.valid && g.score !== null ? g.score.toFixed(4) : "invalid");

function table(rows: Row[]): string {
  const head = "| task | metric | reference | offline engine | verdict | seconds (ref / offline) | outside script runs (s) | chosen candidate |";
  const lines = rows.map(
    (r) =>
      `| ${r.task} | ${r.metric} | ${fmt(r.reference)} | ${fmt(r.offline)} | ${r.verdict} | ${r.referenceSeconds.toFixed(1)} / ${r.offlineSeconds.toFixed(1)} | ${r.outsidePythonSeconds.toFixed(2)} | ${r.chosen} |`,
  );
  const valid = rows.filter((r) => r.offline.valid).length;
  const counts = ["better", "tie", "worse"].map((v) => `${rows.filter((r) => r.verdict === v).length} ${v}`).join(", ");
  return [head, "|---|---|---|---|---|---|---|---|", ...lines, "", `Valid submissions: ${valid}/${rows.length}; against the reference: ${counts}.`].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      suite: { type: "string", default: resolve(here, "../../shared/tasks") },
      tasks: { type: "string" },
      race: { type: "boolean", default: false },
      sandbox: { type: "string", default: "auto" },
      out: { type: "string", default: join(here, "results", "offline.md") },
    },
  });
  const suite = resolve(values.suite);
  const names = values.tasks
    ? values.tasks.split(",")
    : (await readdir(suite, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const sandbox = values.sandbox === "none" ? "none" : "auto";
  const executor = createPythonExecutor({ sandbox });
  const engine = createOfflineEngine({ race: values.race });
  const scratch = await mkdtemp(join(tmpdir(), "bench-offline-"));
  const rows: Row[] = [];
  for (const name of names) {
    const taskRoot = join(suite, name);
    const task = await loadTask(join(taskRoot, "public"));
    const profile = await profileData(task, { python: DEFAULT_PYTHON });
    const input = (kind: string) => ({ task, profile, executor, runDir: join(scratch, name, kind) });
    const ref = await solveVanilla(engine, input("reference"));
    const off = await solveWithEngine(engine, input("offline"));
    const [reference, offline] = [await grade(taskRoot, ref), await grade(taskRoot, off)];
    const row: Row = {
      task: name,
      metric: profile.metric ?? "?",
      reference,
      offline,
      referenceSeconds: ref.wallMs / 1000,
      offlineSeconds: off.wallMs / 1000,
      outsidePythonSeconds: (off.wallMs - off.pythonMs) / 1000,
      chosen: off.decision ? `#${off.decision.chosen} ${off.decision.instruction.title}` : "-",
      verdict: verdict(reference, offline),
    };
    rows.push(row);
    console.log(`${name}: reference ${fmt(reference)} (${row.referenceSeconds.toFixed(1)} s), offline ${fmt(offline)} (${row.offlineSeconds.toFixed(1)} s), ${row.verdict}${offline.error ? ` [${offline.error}]` : ""}`);
  }
  const text = table(rows);
  console.log(`\n${text}\n\nrun directories: ${scratch}`);
  await mkdir(dirname(values.out), { recursive: true });
  const note = values.race ? " (race runs count as outside the script runs)" : "";
  const header = `# Offline engine benchmark\n\nsandbox: ${executor.kind}; race: ${values.race}${note}; ${new Date().toISOString()}\n\n`;
  await writeFile(values.out, `${header}${text}\n`);
  await writeFile(join(dirname(values.out), `${basename(values.out, ".md")}.json`), JSON.stringify(rows, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
