import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BenchResultsSchema, type BenchMode, type BenchResults, type TaskResult } from "./result.js";
import { computeTotals } from "./totals.js";
import { resultsCsv } from "./results-csv.js";
import { renderReport } from "./report/html.js";

/** results.json, results.csv and report.html of one bench directory, rewritten (atomically) after every result. */
export class ResultsStore {
  private results: TaskResult[];
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    /** The bench output directory. */
    readonly out: string,
    private readonly base: Omit<BenchResults, "results" | "totals" | "updatedAt">,
    results: TaskResult[],
    private readonly modes: readonly BenchMode[],
  ) {
    this.results = results;
  }

  /** Opens the store; with `resume`, keeps the results already in `<out>/results.json`. */
  static async open(
    out: string,
    suite: string,
    settings: Record<string, unknown>,
    modes: readonly BenchMode[],
    resume: boolean,
  ): Promise<ResultsStore> {
    await mkdir(out, { recursive: true });
    const previous = resume ? await readResults(out) : null;
    if (previous && previous.suite !== suite) {
      throw new Error(`${join(out, "results.json")} is for suite ${previous.suite}, not ${suite}`);
    }
    const base = { version: 1 as const, suite, settings, startedAt: previous?.startedAt ?? new Date().toISOString() };
    return new ResultsStore(out, base, previous?.results ?? [], modes);
  }

  /** Whether a task already finished in a mode and seed (so --resume skips it). */
  has(task: string, mode: BenchMode, seed: number): boolean {
    return this.results.some((r) => r.task === task && r.mode === mode && r.seed === seed);
  }

  /** ISO time the first bench run in this directory started. */
  get startedAt(): string {
    return this.base.startedAt;
  }

  /** Every result so far. */
  all(): readonly TaskResult[] {
    return this.results;
  }

  /** The current results document. */
  snapshot(): BenchResults {
    const order: BenchMode[] = [...new Set([...this.modes, ...this.results.map((r) => r.mode)])];
    return { ...this.base, updatedAt: new Date().toISOString(), results: this.results, totals: computeTotals(this.results, order) };
  }

  /** Adds (or replaces) a result and rewrites the three files. */
  record(result: TaskResult): Promise<void> {
    const same = (r: TaskResult) => r.task === result.task && r.mode === result.mode && r.seed === result.seed;
    this.results = [...this.results.filter((r) => !same(r)), result];
    return this.flush();
  }

  /** Rewrites results.json, results.csv and report.html; writes are serialised. */
  flush(): Promise<void> {
    const next = this.writing.then(() => this.write());
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async write(): Promise<void> {
    const doc = this.snapshot();
    await atomicWrite(join(this.out, "results.json"), JSON.stringify(doc, null, 2) + "\n");
    await atomicWrite(join(this.out, "results.csv"), resultsCsv(doc.results));
    await atomicWrite(join(this.out, "report.html"), await renderReport(doc, this.out));
  }
}

/** Reads `<out>/results.json`, or null when there is none; a malformed file is an error. */
export async function readResults(out: string): Promise<BenchResults | null> {
  const path = join(out, "results.json");
  const text = await readFile(path, "utf8").catch(() => null);
  if (text === null) return null;
  const parsed = BenchResultsSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path} is not a bench results file: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** Writes a file through a temporary name and a rename, so readers never see half a file. */
async function atomicWrite(path: string, content: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}
