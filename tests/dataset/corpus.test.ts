import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CorpusError, loadCorpus } from "../../src/dataset/load-corpus.js";
import { SAMPLE_CORPUS, tempDir } from "./helpers.js";

/** A JSONL task line. */
function line(id: string, solutions: Array<{ id: string; score: number | null }>): string {
  return JSON.stringify({
    id,
    description: `Task ${id}.`,
    metric: "rmse",
    data_type: "tabular",
    solutions: solutions.map((s) => ({ ...s, code: `print(${JSON.stringify(s.id)})` })),
  });
}

describe("loadCorpus", () => {
  it("reads the sample directory corpus: tasks in name order, solutions, scores and reference instructions", async () => {
    const corpus = await loadCorpus(SAMPLE_CORPUS);
    expect(corpus.map((t) => t.id)).toEqual(["breast-cancer-diagnosis", "diabetes-progression", "iris-species"]);
    expect(corpus.map((t) => t.solutions.length)).toEqual([3, 4, 4]);
    const iris = corpus[2];
    expect(iris.solutions.map((s) => s.id)).toEqual(["decision-stump", "knn-5", "logreg-scaled", "random-forest"]);
    expect(iris.solutions.find((s) => s.id === "logreg-scaled")).toMatchObject({ score: 0.96 });
    expect(iris.solutions.every((s) => s.code.includes("VALIDATION_SCORE") && s.instruction?.startsWith("# "))).toBe(true);
    expect(corpus[1]).toMatchObject({ metric: "RMSE", data_type: "tabular" });
    expect(corpus[1].higher_is_better).toBeUndefined();
  });

  it("reads a JSONL corpus, ignoring blank lines", async () => {
    const path = join(await tempDir(), "corpus.jsonl");
    await writeFile(
      path,
      `${line("a", [
        { id: "s1", score: 1 },
        { id: "s2", score: null },
      ])}\n\n${line("b", [])}\n`,
    );
    const corpus = await loadCorpus(path);
    expect(corpus.map((t) => t.id)).toEqual(["a", "b"]);
    expect(corpus[0].solutions[1]).toMatchObject({ id: "s2", score: null });
  });

  it("names the line of a malformed JSONL task", async () => {
    const path = join(await tempDir(), "corpus.jsonl");
    await writeFile(path, `${line("a", [])}\n{"id": "b"\n`);
    await expect(loadCorpus(path)).rejects.toThrow(/corpus\.jsonl:2: not valid JSON/);
    await writeFile(path, `${line("a", [])}\n${JSON.stringify({ id: "b", description: "x", metric: "m", data_type: "t" })}\n`);
    await expect(loadCorpus(path)).rejects.toThrow(/corpus\.jsonl:2: solutions/);
  });

  it("rejects duplicate ids and ids that are not safe file names", async () => {
    const path = join(await tempDir(), "corpus.jsonl");
    await writeFile(path, `${line("a", [])}\n${line("a", [])}\n`);
    await expect(loadCorpus(path)).rejects.toThrow(/duplicate task id "a"/);
    await writeFile(
      path,
      `${line("a", [
        { id: "s", score: 1 },
        { id: "s", score: 2 },
      ])}\n`,
    );
    await expect(loadCorpus(path)).rejects.toThrow(/duplicate solution id "s"/);
    await writeFile(path, `${line("../evil", [])}\n`);
    await expect(loadCorpus(path)).rejects.toBeInstanceOf(CorpusError);
  });

  it("explains a task folder without scores.json, or scores for missing solutions", async () => {
    const dir = await tempDir();
    const task = join(dir, "t1");
    await mkdir(join(task, "solutions"), { recursive: true });
    await writeFile(join(task, "task.json"), JSON.stringify({ description: "d", metric: "accuracy", data_type: "tabular" }));
    await writeFile(join(task, "solutions", "a.py"), "print(1)\n");
    await expect(loadCorpus(dir)).rejects.toThrow(/scores\.json is missing/);
    await writeFile(join(task, "scores.json"), JSON.stringify({ a: 0.5, ghost: 0.9 }));
    await expect(loadCorpus(dir)).rejects.toThrow(/scores solutions that do not exist: ghost/);
    await writeFile(join(task, "scores.json"), JSON.stringify({ a: 0.5 }));
    expect((await loadCorpus(dir))[0].solutions).toEqual([{ id: "a", code: "print(1)\n", score: 0.5 }]);
  });

  it("fails clearly on a missing or empty corpus", async () => {
    await expect(loadCorpus("/nonexistent/corpus")).rejects.toThrow(/corpus not found/);
    await expect(loadCorpus(await tempDir())).rejects.toThrow(/holds no tasks/);
  });
});
