import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CorpusError, loadCorpus } from "../dataset/load-corpus.js";
import { modelSource, type InstructionSource } from "../dataset/extract.js";
import { referenceSource } from "../dataset/reference.js";
import { formatReport } from "../dataset/report.js";
import { runExtraction } from "../dataset/run-extraction.js";
import { createModelProvider } from "../models/factory.js";
import type { CorpusTask } from "../dataset/corpus.js";
import { recordCorpusExperiences } from "../dataset/experience.js";
import { STORE_FILE, storePath } from "../memory/local-store.js";
import { openExperienceStore } from "./experience-store-option.js";

const USAGE = `usage: linguacodus dataset extract <corpus> --out DIR [--concurrency N] [--limit N]
       [--timeout S] [--retries N] [--reference] [--experience on|off] [--experience-store FILE]

  <corpus>         a directory (one folder per task: task.json, scores.json, solutions/<id>.py)
                   or a JSONL file (one task per line); see data/sample-corpus/README.md
  --out DIR        output: instructions/<task>/<solution>.json, records.jsonl, report.json
  --concurrency N  extractions at once (default 4)
  --limit N        extract at most N solutions in this run
  --timeout S      seconds per model call (default 180)
  --retries N      retries of a failed request (default 2)
  --reference      use the corpus's reference instructions (<id>.instruction.md) instead of a model
  --experience     on (default): every record also becomes an experience (task digest, instruction,
                   score and rank) in FILE, else $LINGUACODUS_EXPERIENCE_STORE, else <out>/experience.sqlite;
                   point solve at it with --experience-store FILE

The extractor model is configured like every role: LINGUACODUS_EXTRACTOR_MODEL / _BASE_URL /
_API_KEY, falling back to LINGUACODUS_* and OPENAI_*. Runs resume: cached instructions are skipped.`;

/** Exit code for usage errors, an unreadable corpus, or no model. */
const EXIT_USAGE = 2;

const OPTIONS = {
  out: { type: "string" },
  concurrency: { type: "string" },
  limit: { type: "string" },
  timeout: { type: "string" },
  retries: { type: "string" },
  reference: { type: "boolean" },
  experience: { type: "string" },
  "experience-store": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** `linguacodus dataset extract`: corpus → instructions → records.jsonl. Returns 0 when nothing failed. */
export async function datasetCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [sub, corpusPath, ...extra] = positionals;
  if (sub !== "extract") return usageError(sub === undefined ? "missing subcommand" : `unknown subcommand "${sub}"`);
  if (corpusPath === undefined || extra.length > 0) return usageError("expected exactly one corpus");
  if (values.out === undefined) return usageError("--out DIR is required");
  const experience = values.experience ?? "on";
  if (experience !== "on" && experience !== "off") return usageError(`--experience must be on or off, got "${experience}"`);
  const numbers = { concurrency: 4, limit: undefined as number | undefined, timeout: 180, retries: 2 };
  for (const name of ["concurrency", "limit", "timeout", "retries"] as const) {
    const raw = values[name];
    if (raw === undefined) continue;
    const value = Number(raw);
    const ok = name === "timeout" ? value > 0 : Number.isInteger(value) && value >= (name === "retries" ? 0 : 1);
    if (!ok) return usageError(`--${name} must be a ${name === "timeout" ? "positive number" : "whole number"}, got "${raw}"`);
    numbers[name] = value;
  }

  let corpus;
  try {
    corpus = await loadCorpus(resolve(corpusPath));
  } catch (error) {
    if (!(error instanceof CorpusError)) throw error;
    process.stderr.write(`linguacodus dataset: ${error.message}\n`);
    return EXIT_USAGE;
  }
  let source: InstructionSource;
  try {
    const timeoutMs = numbers.timeout * 1000;
    source = values.reference
      ? referenceSource()
      : modelSource(createModelProvider(undefined, { timeoutMs, maxRetries: numbers.retries }).forRole("extractor"), timeoutMs);
  } catch (error) {
    process.stderr.write(`linguacodus dataset: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }

  const controller = new AbortController();
  const onInterrupt = () => {
    process.stderr.write("\ninterrupted: finishing records and report from what is cached (runs resume)\n");
    controller.abort();
  };
  process.once("SIGINT", onInterrupt);
  try {
    const report = await runExtraction({
      corpusPath: resolve(corpusPath),
      corpus,
      outDir: resolve(values.out),
      source,
      concurrency: numbers.concurrency,
      limit: numbers.limit,
      signal: controller.signal,
    });
    process.stdout.write(formatReport(report));
    if (experience === "on") await recordExperiences(corpus, resolve(values.out), values["experience-store"]);
    return report.counts.failed > 0 || controller.signal.aborted ? 1 : 0;
  } finally {
    process.removeListener("SIGINT", onInterrupt);
  }
}

/** Records the extraction's records as experiences and says where; a store that fails is reported, the extraction still counts. */
async function recordExperiences(corpus: CorpusTask[], outDir: string, option: string | undefined): Promise<void> {
  const path = storePath(option, join(outDir, STORE_FILE));
  const store = openExperienceStore("on", path);
  if (!store) return;
  try {
    const count = await recordCorpusExperiences(store, corpus, outDir);
    process.stdout.write(`experiences: ${count} recorded in ${path}\n`);
  } catch (error) {
    process.stderr.write(`warning: recording experiences in ${path} failed: ${(error as Error).message}\n`);
  } finally {
    store.close();
  }
}

function usageError(message: string): number {
  process.stderr.write(`linguacodus dataset: ${message}\n${USAGE}\n`);
  return EXIT_USAGE;
}
