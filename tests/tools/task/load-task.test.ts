import { afterAll, describe, expect, it } from "vitest";
import { join, basename } from "node:path";
import { loadTask, TaskError } from "../../../src/tools/task/load-task.js";
import { tempDirs, writeFiles } from "../../helpers/fakes.js";

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

const DESCRIPTION = "# House prices\n\nPredict the price.\n";
const TRAIN = "id,x,y\n1,2,3\n4,5,6\n";

function taskWith(files: Record<string, string | Buffer>): string {
  const dir = join(dirs.make("lc-task-"), "task");
  writeFiles(dir, files);
  return dir;
}

/** The TaskError a load rejects with. */
async function loadError(dir: string): Promise<TaskError> {
  const error = await loadTask(dir).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TaskError);
  return error as TaskError;
}

describe("loadTask", () => {
  it("loads the description, its title and every data file sorted by name", async () => {
    const dir = taskWith({
      "description.md": DESCRIPTION,
      "train.csv": TRAIN,
      "test.csv": "id,x\n7,8\n",
      "data_description.txt": "x: a number\n",
      ".hidden.csv": "",
      "sub/ignored.csv": "a\n1\n",
    });
    const task = await loadTask(dir);
    expect(task).toEqual({
      dir,
      title: "House prices",
      description: DESCRIPTION,
      files: [
        { name: "data_description.txt", bytes: 12 },
        { name: "test.csv", bytes: 9 },
        { name: "train.csv", bytes: TRAIN.length },
      ],
    });
  });

  it("falls back to the directory name for a description without a heading, and resolves relative paths", async () => {
    const dir = taskWith({ "description.md": "Predict things.\n", "train.csv": TRAIN });
    const task = await loadTask(join(dir, "..", basename(dir)));
    expect(task.title).toBe("task");
    expect(task.dir).toBe(dir);
  });

  it("names a missing directory", async () => {
    const missing = join(dirs.make("lc-task-"), "absent");
    expect((await loadError(missing)).message).toBe(`task directory not found: ${missing}`);
  });

  it("names a path that is a file, not a directory", async () => {
    const dir = taskWith({ "description.md": DESCRIPTION, "train.csv": TRAIN });
    expect((await loadError(join(dir, "train.csv"))).message).toBe(`not a directory: ${join(dir, "train.csv")}`);
  });

  it("names a missing description.md", async () => {
    const dir = taskWith({ "train.csv": TRAIN });
    expect((await loadError(dir)).message).toBe(`task has no description.md: ${join(dir, "description.md")}`);
  });

  it("names an empty description.md", async () => {
    const dir = taskWith({ "description.md": "  \n\n", "train.csv": TRAIN });
    expect((await loadError(dir)).message).toBe(`description.md is empty: ${join(dir, "description.md")}`);
  });

  it("names a task without CSV files", async () => {
    const dir = taskWith({ "description.md": DESCRIPTION, "notes.txt": "nothing\n" });
    expect((await loadError(dir)).message).toBe(`task has no data files (no .csv next to description.md): ${dir}`);
  });

  it("names an empty CSV (zero bytes or only blank lines)", async () => {
    const dir = taskWith({ "description.md": DESCRIPTION, "train.csv": TRAIN, "test.csv": "" });
    expect((await loadError(dir)).message).toBe(`empty CSV file: ${join(dir, "test.csv")}`);
    const blank = taskWith({ "description.md": DESCRIPTION, "train.csv": "\n\n  \n" });
    expect((await loadError(blank)).message).toBe(`empty CSV file: ${join(blank, "train.csv")}`);
  });

  it("names a header-only CSV", async () => {
    const dir = taskWith({ "description.md": DESCRIPTION, "train.csv": TRAIN, "sample_submission.csv": "id,y\n" });
    expect((await loadError(dir)).message).toBe(`CSV file has a header but no rows: ${join(dir, "sample_submission.csv")}`);
  });

  it("names a binary file posing as CSV", async () => {
    const dir = taskWith({
      "description.md": DESCRIPTION,
      "train.csv": Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00, 0x0a]),
    });
    expect((await loadError(dir)).message).toBe(`not a text CSV file (binary content): ${join(dir, "train.csv")}`);
  });

  it("accepts an upper-case .CSV extension", async () => {
    const dir = taskWith({ "description.md": DESCRIPTION, "TRAIN.CSV": TRAIN });
    expect((await loadTask(dir)).files.map((f) => f.name)).toEqual(["TRAIN.CSV"]);
  });
});
