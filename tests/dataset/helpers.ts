import { mkdtemp, rm } from "node:fs/promises";
import { afterAll } from "vitest";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CorpusTask } from "../../src/dataset/corpus.js";
import { ExtractionProgress } from "../../src/dataset/progress.js";
import type { MockHandler, MockRequest } from "../helpers/mock-openai-server.js";

/** The sample corpus shipped with the repository. */
export const SAMPLE_CORPUS = fileURLToPath(new URL("../../data/sample-corpus", import.meta.url));

/** The committed records of the sample corpus (reference instructions). */
export const SAMPLE_RECORDS = fileURLToPath(new URL("../../finetune/sample-records.jsonl", import.meta.url));

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh temporary directory, removed after the test file's tests. */
export async function tempDir(prefix = "lc-dataset-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A progress reporter that collects its lines instead of writing to stderr. */
export function collectingProgress(lines: string[]): (total: number) => ExtractionProgress {
  return (total) => new ExtractionProgress(total, (text) => lines.push(text), false);
}

/** A valid extractor reply (JSON instruction) naming the solution in its title. */
export function instructionReply(label: string): string {
  return JSON.stringify({
    title: `Approach of ${label}`,
    summary: `What ${label} does.`,
    preprocessing: [{ text: "Load the features and the target.", tag: "Data_Extraction", library: "pandas" }],
    model: [{ text: `Use the model of ${label}.`, tag: "Model_Train", library: "scikit-learn" }],
    training: [{ text: "Fit the model on all rows.", tag: "Model_Train" }],
  });
}

/** "<task>/<solution>" of the solution whose code a request carries, or null. */
export function solutionOf(corpus: CorpusTask[], request: MockRequest): string | null {
  for (const task of corpus) {
    for (const solution of task.solutions) {
      if (request.text.includes(solution.code.trim())) return `${task.id}/${solution.id}`;
    }
  }
  return null;
}

/** A handler answering each solution by label: a custom reply where given, else a valid instruction after `delayMs`. */
export function perSolution(corpus: CorpusTask[], special: Record<string, ReturnType<MockHandler>> = {}, delayMs = 0): MockHandler {
  return (request) => {
    const label = solutionOf(corpus, request);
    if (label === null) throw new Error("request carries no known solution code");
    return special[label] ?? { content: instructionReply(label), delayMs };
  };
}
