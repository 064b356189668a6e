/** profileData and loadTask on generated awkward task folders: each case gets the right answer or a clear error. */
import { execFileSync, spawnSync } from "node:child_process";
import { rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTask, TaskError } from "../../../src/tools/task/load-task.js";
import { profileData } from "../../../src/tools/task/profile-data.js";
import { describeProfile } from "../../../src/tools/task/describe-profile.js";
import { offlineLimitation } from "../../../src/engines/offline/limits.js";
import type { DataProfile } from "../../../src/types/profile.js";
import { PYTHON, tempDirs, writeFiles } from "../../helpers/fakes.js";
import {
  binaryLabel,
  constantTargetFiles,
  csvText,
  emptyTargetFiles,
  europeanFiles,
  imageFiles,
  infiniteFeatureFiles,
  manyClassesFiles,
  multiLabelFiles,
  multiTargetFiles,
  noTestIdFiles,
  plainFiles,
  split,
  zipOf,
} from "../../helpers/odd-tasks.js";

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

function taskDir(files: Record<string, string | Buffer>): string {
  const dir = join(dirs.make("lc-odd-"), "task");
  writeFiles(dir, files);
  return dir;
}

async function profile(files: Record<string, string | Buffer>): Promise<DataProfile> {
  return profileData(await loadTask(taskDir(files)), { python: PYTHON });
}

async function failure(files: Record<string, string | Buffer>): Promise<string> {
  const dir = taskDir(files);
  const error = await loadTask(dir)
    .then((task) => profileData(task, { python: PYTHON }))
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(TaskError);
  return (error as Error).message.replaceAll(dir, "<task>");
}

const fileOf = (p: DataProfile, name: string) => p.files.find((f) => f.name === name)!;

describe("profiling awkward but valid data", () => {
  it("keeps every class of a 25-class label, not only the 20 most frequent", async () => {
    const p = await profile(manyClassesFiles());
    expect(p.taskType).toBe("multiclass");
    expect(p.classes).toEqual(Array.from({ length: 25 }, (_, i) => `k${i}`).sort());
    expect(offlineLimitation(p)).toBeNull();
  });

  it("a test file without the id column: the sample's first column is the id, the label stays the label", async () => {
    const p = await profile(noTestIdFiles());
    expect(p).toMatchObject({ idColumn: "id", idInTest: false, labelColumn: "label", targetColumns: ["label"], taskType: "binary" });
    expect(p.classes).toEqual(["no", "yes"]);
    expect(p.trainOnlyColumns).toEqual([]);
    expect(p.notes).toContain(
      "The test file has no id column: take the ids from sample_submission.csv, in its row order (one row per test row).",
    );
  });

  it("reads semicolons with decimal commas in cp1252, a gzip'd TSV and a zipped sample submission", async () => {
    const p = await profile(europeanFiles());
    expect(p).toMatchObject({ trainFile: "train.csv", testFile: "test.tsv.gz", sampleSubmissionFile: "sample_submission.csv.zip" });
    expect(fileOf(p, "train.csv").format).toEqual({ kind: "table", delimiter: ";", encoding: "cp1252", decimal: ",", compression: null });
    expect(fileOf(p, "test.tsv.gz").format).toEqual({
      kind: "table",
      delimiter: "\t",
      encoding: "utf-8",
      decimal: ".",
      compression: "gzip",
    });
    expect(fileOf(p, "sample_submission.csv.zip").format.compression).toBe("zip");
    const kinds = Object.fromEntries(fileOf(p, "train.csv").columns.map((c) => [c.name, c.kind]));
    expect(kinds).toEqual({ id: "id", x1: "numeric", x2: "numeric", color: "categorical", label: "categorical" });
    expect(fileOf(p, "train.csv").columns.find((c) => c.name === "color")!.samples).toEqual(["café", "crème", "brûlée"]);
    expect(p.labelColumn).toBe("label");
    expect(describeProfile(p)).toContain(
      'train.csv: 150 rows, 5 columns; read it with pd.read_csv(..., sep=";", decimal=",", encoding="cp1252")',
    );
  });

  it("a constant target is named, and its value is the prediction", async () => {
    const p = await profile(constantTargetFiles());
    expect(p.constantTarget).toBe("yes");
    expect(p.classes).toEqual(["yes"]);
    expect(p.notes).toContain(
      "The target label has one value (yes) in every training row: nothing can be learned; predict yes for every test row.",
    );
  });

  it("counts infinite feature values and notes them", async () => {
    const p = await profile(infiniteFeatureFiles());
    expect(fileOf(p, "train.csv").columns.find((c) => c.name === "x2")!.infinite).toBe(17);
    expect(fileOf(p, "train.csv").columns.find((c) => c.name === "x2")!.kind).toBe("numeric");
    expect(p.notes).toContain("Column x2 holds 17 infinite values (inf/-inf): treat them as missing.");
  });

  it("profiles a big file from a bounded sample, with exact row and missing counts", async () => {
    const s = split(binaryLabel, 130_000, 10);
    const p = await profile(plainFiles(s));
    const train = fileOf(p, "train.csv");
    expect(train.rows).toBe(130_000);
    expect(train.sampledRows).toBe(100_000);
    expect(p.classes).toEqual(["no", "yes"]);
    expect(p.notes).toContain("train.csv has 130000 rows; its columns were profiled from a uniform sample of 100000 rows.");
  });

  it("reads a data file that is a symlink to a file elsewhere", async () => {
    const elsewhere = dirs.make("lc-elsewhere-");
    const s = split(binaryLabel);
    writeFileSync(join(elsewhere, "train-data.csv"), csvText(s.train));
    const files = plainFiles(s);
    delete files["train.csv"];
    const dir = taskDir(files);
    symlinkSync(join(elsewhere, "train-data.csv"), join(dir, "train.csv"));
    const p = await profileData(await loadTask(dir), { python: PYTHON });
    expect(fileOf(p, "train.csv").rows).toBe(150);
  });
});

describe("task kinds the offline engine cannot solve", () => {
  it("multi-label: several tags per row", async () => {
    const p = await profile(multiLabelFiles());
    expect(p).toMatchObject({ targetKind: "multi_label", labelSeparator: " ", classes: null });
    expect(offlineLimitation(p)).toBe(
      'this is a multi-label task (label lists several labels per row, separated by " "): the offline engine predicts one label per row; a model engine could attempt it: configure one (LINGUACODUS_BASE_URL and LINGUACODUS_MODEL, or OPENAI_API_KEY) and run with --engine model',
    );
  });

  it("multi-target: two target columns of train in the sample submission", async () => {
    const p = await profile(multiTargetFiles());
    expect(p).toMatchObject({ targetKind: "multi_target", targetColumns: ["label", "label2"], trainOnlyColumns: [] });
    expect(offlineLimitation(p)).toMatch(
      /^this is a multi-target task \(the submission has 2 target columns: label, label2\): the offline engine predicts one target; a model engine could attempt it/,
    );
  });

  it("images: image files and the column naming them", async () => {
    const p = await profile(imageFiles());
    expect(p.images).toEqual({ files: 16, dirs: ["images"], column: "image" });
    expect(offlineLimitation(p)).toMatch(
      /^this is an image task \(16 image files \(in images\)\): the offline engine solves tabular and text tasks only; a model engine could attempt it/,
    );
  });
});

describe("clear errors for data that cannot be used", () => {
  it("a target with no values", async () => {
    expect(await failure(emptyTargetFiles())).toBe("the target column label of train.csv has no values: all 150 rows are empty");
  });

  it("only an unsupported format", async () => {
    expect(await failure({ "description.md": "# t\n", "train.xlsx": Buffer.from("PK\u0003\u0004") })).toBe(
      "task has no readable data file: train.xlsx is an Excel workbook, which is not supported; save the data as CSV: <task>",
    );
  });

  it("images without a table", async () => {
    const files = imageFiles();
    for (const name of ["train.csv", "test.csv", "sample_submission.csv"]) delete files[name];
    expect(await failure(files)).toBe(
      "task has no data table: it holds images but no CSV listing the training rows and their labels; add train.csv (and test.csv) naming each image: <task>",
    );
  });

  it("a dangling symlink", async () => {
    const files = plainFiles(split(binaryLabel));
    delete files["test.csv"];
    const dir = taskDir(files);
    symlinkSync("/nonexistent/test.csv", join(dir, "test.csv"));
    const error = await loadTask(dir).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `data file test.csv is a symlink to /nonexistent/test.csv, which does not exist: ${join(dir, "test.csv")}`,
    );
  });

  it("a zip holding something other than one table is not taken for data", async () => {
    const dir = taskDir(plainFiles(split(binaryLabel)));
    writeFileSync(join(dir, "extra.zip"), zipOf("notes.txt", "a"));
    const p = await profileData(await loadTask(dir), { python: PYTHON });
    expect(p.files.map((f) => f.name)).toEqual(["sample_submission.csv", "test.csv", "train.csv"]);
  });

  it("Parquet: read when the interpreter has an engine, else a clear error", async () => {
    const probe = spawnSync(
      PYTHON,
      ["-c", "import importlib.util as u; print(bool(u.find_spec('pyarrow') or u.find_spec('fastparquet')))"],
      {
        encoding: "utf8",
      },
    );
    const files = plainFiles(split(binaryLabel));
    if (probe.stdout.trim() !== "True") {
      delete files["train.csv"];
      files["train.parquet"] = Buffer.from("PAR1");
      expect(await failure(files)).toBe(
        "train.parquet is Parquet, and this Python has no Parquet engine (pyarrow or fastparquet): install one (pip install pyarrow) or convert the file to CSV",
      );
      return;
    }
    const dir = taskDir(files);
    const convert = "import pandas as pd, sys; pd.read_csv(sys.argv[1]).to_parquet(sys.argv[2])";
    execFileSync(PYTHON, ["-c", convert, join(dir, "train.csv"), join(dir, "train.parquet")]);
    rmSync(join(dir, "train.csv"));
    const p = await profileData(await loadTask(dir), { python: PYTHON });
    expect(fileOf(p, "train.parquet")).toMatchObject({ rows: 150, format: { kind: "parquet" } });
  });
});
