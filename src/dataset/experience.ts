import type { BaseStore } from "@langchain/langgraph";
import type { ExperienceRecord, ProfileSummary } from "../types/experience.js";
import { descriptionDigest, sha256, taskKeyOf } from "../memory/digest.js";
import { putExperience } from "../memory/experience-store.js";
import { readCached } from "./cache.js";
import type { CorpusTask } from "./corpus.js";
import { rankSolutions } from "./rank.js";
import { promptFields } from "./task-fields.js";

/** A corpus task's title: its description's first heading, else its id. */
function titleOf(task: CorpusTask): string {
  return /^#\s+(.+)$/m.exec(task.description)?.[1].trim() ?? task.id;
}

/** What a corpus says of a task's data: metric, direction and data type only. */
function corpusProfile(task: CorpusTask): ProfileSummary {
  const fields = promptFields(task);
  return {
    taskType: null,
    metric: fields.metric === "unknown" ? null : fields.metric,
    higherIsBetter: fields.higherIsBetter,
    dataType: fields.dataType,
    dataKinds: {},
    columns: [],
    rows: null,
    classes: null,
    submissionForm: null,
  };
}

/**
 * Records one experience per training record of the corpus (every cached, scored instruction):
 * the task digest, the instruction, its score and its place among the task's ranked solutions.
 * Keys are "dataset:<task>:<solution>", so extracting again replaces rather than duplicates.
 * Returns the number recorded.
 */
export async function recordCorpusExperiences(
  store: BaseStore,
  corpus: readonly CorpusTask[],
  outDir: string,
  now = new Date(),
): Promise<number> {
  let count = 0;
  for (const task of corpus) {
    const fields = promptFields(task);
    const ranks = rankSolutions(task.solutions, fields.higherIsBetter);
    const profile = corpusProfile(task);
    const descriptionSha256 = sha256(task.description);
    for (const solution of task.solutions) {
      const place = ranks.get(solution.id);
      if (place === undefined || solution.score === null) continue;
      const cached = await readCached(outDir, task.id, solution.id);
      if (cached === null || "error" in cached) continue;
      const record: ExperienceRecord = {
        version: 1,
        source: "dataset",
        recordedAt: now.toISOString(),
        taskKey: taskKeyOf(descriptionSha256, profile),
        task: { title: titleOf(task), descriptionSha256, digest: descriptionDigest(task.description) },
        profile,
        engine: null,
        instruction: { ...cached.instruction, rank: place },
        outcome: { status: "succeeded", score: solution.score, referenceScore: null, relativeScore: null, rank: { place, of: ranks.size } },
        seconds: null,
        usage: {
          calls: cached.usage.length,
          inputTokens: cached.usage.reduce((n, u) => n + u.inputTokens, 0),
          outputTokens: cached.usage.reduce((n, u) => n + u.outputTokens, 0),
        },
        origin: { corpusTask: task.id, solution: solution.id },
      };
      await putExperience(store, `dataset:${task.id}:${solution.id}`, record);
      count++;
    }
  }
  return count;
}
