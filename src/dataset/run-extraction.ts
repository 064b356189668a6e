import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { StepError } from "../models/step-error.js";
import type { ModelUsage } from "../models/usage.js";
import { readCached, writeCached } from "./cache.js";
import type { CorpusSolution, CorpusTask } from "./corpus.js";
import type { InstructionSource } from "./extract.js";
import { runPool } from "./pool.js";
import { ExtractionProgress } from "./progress.js";
import { buildRecords, writeRecords } from "./records.js";
import type { ExtractionReport, SolutionNote } from "./report.js";
import { promptFields, type PromptFields } from "./task-fields.js";

/** Options of one extraction run. */
export interface ExtractionOptions {
  /** The corpus path, for the report. */
  corpusPath: string;
  /** The loaded corpus. */
  corpus: CorpusTask[];
  /** Output directory: instructions/ cache, records.jsonl, report.json. */
  outDir: string;
  /** Where instructions come from. */
  source: InstructionSource;
  /** Extractions running at once. */
  concurrency: number;
  /** Extract at most this many solutions in this run (the rest are skipped). */
  limit?: number;
  /** Stops starting new extractions and aborts running ones; records are still written. */
  signal?: AbortSignal;
  /** Live progress (default: on stderr). */
  progress?: (total: number) => ExtractionProgress;
}

/** One solution still to extract. */
interface Job {
  task: CorpusTask;
  fields: PromptFields;
  solution: CorpusSolution;
}

/**
 * Extracts the instruction of every solution not yet cached, with bounded concurrency, then
 * (re)writes records.jsonl from the whole cache and report.json. Failures never stop the others.
 */
export async function runExtraction(options: ExtractionOptions): Promise<ExtractionReport> {
  const startedAt = new Date();
  const signal = options.signal ?? new AbortController().signal;
  await mkdir(options.outDir, { recursive: true });
  const { jobs, skipped, warnings } = await plan(options);
  const total = options.corpus.reduce((n, task) => n + task.solutions.length, 0);
  const progress = options.progress?.(total) ?? new ExtractionProgress(total);
  progress.skip(skipped.length);
  const failed: SolutionNote[] = [];
  const usage: ModelUsage[] = [];
  const started = new Set<Job>();

  await runPool(
    jobs,
    options.concurrency,
    async (job) => {
      started.add(job);
      const label = `${job.task.id}/${job.solution.id}`;
      try {
        const result = await options.source.extract(job.task, job.fields, job.solution, signal);
        usage.push(...result.usage);
        await writeCached(options.outDir, {
          task_id: job.task.id,
          solution_id: job.solution.id,
          source: options.source.kind,
          model: options.source.label,
          instruction: result.instruction,
          raw: result.raw,
          usage: result.usage,
          extracted_at: new Date().toISOString(),
        });
        progress.done(label);
      } catch (error) {
        const reason = signal.aborted ? "interrupted" : error instanceof Error ? error.message : String(error);
        if (error instanceof StepError) usage.push(...error.usage);
        failed.push({ ...note(job, reason), ...(error instanceof StepError ? { raw: error.raw } : {}) });
        progress.failed(label, reason);
      }
    },
    signal,
  );
  const notStarted = jobs.filter((job) => !started.has(job)).map((job) => note(job, "interrupted before it started"));
  progress.skip(notStarted.length);
  progress.finish();

  const records = await buildRecords(options.corpus, options.outDir);
  await writeRecords(join(options.outDir, "records.jsonl"), records);
  const report: ExtractionReport = {
    corpus: options.corpusPath,
    out: options.outDir,
    source: options.source.kind,
    model: options.source.label,
    started_at: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    concurrency: options.concurrency,
    counts: { ...progress.counts },
    records: records.length,
    failed,
    skipped: [...skipped, ...notStarted],
    warnings,
    usage: {
      calls: usage.length,
      input_tokens: usage.reduce((n, u) => n + u.inputTokens, 0),
      output_tokens: usage.reduce((n, u) => n + u.outputTokens, 0),
    },
  };
  await writeFile(join(options.outDir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

/** Sorts every solution into a job or a skip (no score, cached, no reference, over the limit). */
async function plan(options: ExtractionOptions): Promise<{ jobs: Job[]; skipped: SolutionNote[]; warnings: string[] }> {
  const jobs: Job[] = [];
  const skipped: SolutionNote[] = [];
  const warnings: string[] = [];
  for (const task of options.corpus) {
    const fields = promptFields(task);
    warnings.push(...fields.warnings);
    for (const solution of task.solutions) {
      const job = { task, fields, solution };
      if (solution.score === null) {
        skipped.push(note(job, "no score: it cannot be ranked"));
        continue;
      }
      const cached = await readCached(options.outDir, task.id, solution.id);
      if (cached !== null && "error" in cached) warnings.push(`${cached.error}; extracting again`);
      else if (cached !== null && cached.source === options.source.kind) {
        skipped.push(note(job, `cached: instruction already extracted (${cached.model})`));
        continue;
      }
      if (options.source.kind === "reference" && solution.instruction === undefined) {
        skipped.push(note(job, "no reference instruction"));
        continue;
      }
      jobs.push(job);
    }
  }
  const limit = options.limit ?? jobs.length;
  for (const job of jobs.slice(limit)) skipped.push(note(job, `over --limit ${limit}`));
  return { jobs: jobs.slice(0, limit), skipped, warnings };
}

/** A note about one solution. */
function note(job: Job, reason: string): SolutionNote {
  return { task_id: job.task.id, solution_id: job.solution.id, reason };
}
