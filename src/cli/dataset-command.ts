import { join, resolve } from "node:path";
import { parseFlags } from "./flags.js";
import { helpText, usageMistake } from "./help-text.js";
import { DATASET } from "./dataset-flags.js";
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

/** Exit code for usage errors, an unreadable corpus, or no model. */
const EXIT_USAGE = 2;

/** `linguacodus dataset extract`: corpus → instructions → records.jsonl. Returns 0 when nothing failed. */
export async function datasetCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseFlags(DATASET, argv);
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (parsed === "help") {
    process.stdout.write(helpText(DATASET));
    return 0;
  }
  const { values, positionals } = parsed;
  const [sub, corpusPath, ...extra] = positionals;
  if (sub === undefined) return usageError("missing subcommand (extract)");
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
  process.stderr.write(usageMistake(DATASET, message));
  return EXIT_USAGE;
}
