import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateSubmission, type ValidateSubmissionInput } from "../../../src/tools/task/validate-submission.js";
import { SubmissionValidationSchema } from "../../../src/tools/task/validate-submission.schema.js";

let dir: string;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "validate-submission-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes CSV text to `name` in a fresh folder of the temp dir and returns its path. */
async function file(text: string, name = "data.csv"): Promise<string> {
  const folder = join(dir, String(counter++));
  await mkdir(folder);
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

/** Builds "id,target" CSV text from [id, value] pairs. */
function csv(header: string, rows: Array<Array<string | number>>): string {
  return [header, ...rows.map((row) => row.join(","))].join("\n") + "\n";
}

const titanicSample = csv("PassengerId,Survived", [
  [892, 0],
  [893, 0],
  [894, 0],
  [895, 0],
]);

/** Validates a Titanic-style label submission against the 4-row sample. */
async function titanic(submission: string, extra: Partial<ValidateSubmissionInput> = {}) {
  return validateSubmission({
    submissionPath: await file(submission, "submission.csv"),
    sampleSubmissionPath: await file(titanicSample, "sample_submission.csv"),
    idColumn: "PassengerId",
    targetColumns: ["Survived"],
    submissionForm: "label",
    ...extra,
  });
}

describe("validateSubmission", () => {
  it("accepts a matching submission in another row and column order, with 892.0-style ids", async () => {
    const result = await titanic(
      csv("Survived,PassengerId", [
        [1, "894.0"],
        [0, 892],
        [1, 895],
        [0, "893"],
      ]),
      {
        classes: ["0", "1"],
      },
    );
    expect(result).toEqual({ ok: true, problems: [], rows: 4, expectedRows: 4 });
    expect(SubmissionValidationSchema.parse(result)).toEqual(result);
  });

  it("reports a missing file", async () => {
    const result = await validateSubmission({
      submissionPath: join(dir, "nope", "submission.csv"),
      sampleSubmissionPath: await file(titanicSample),
      idColumn: "PassengerId",
      targetColumns: ["Survived"],
      submissionForm: "label",
    });
    expect(result).toEqual({ ok: false, problems: ["submission.csv was not written (file not found)"], rows: 0, expectedRows: 4 });
  });

  it("reports an empty file and a ragged file as invalid CSV", async () => {
    const empty = await titanic("");
    expect(empty.ok).toBe(false);
    expect(empty.problems).toEqual([expect.stringMatching(/^submission is not valid CSV: .*submission\.csv: file is empty/)]);
    const ragged = await titanic("PassengerId,Survived\n892,0,1\n");
    expect(ragged.problems).toEqual([expect.stringMatching(/submission\.csv:2: row has 3 fields, but the header has 2$/)]);
  });

  it("names missing and extra columns and hints at a written index", async () => {
    const result = await titanic(
      csv(",PassengerId,Name", [
        [0, 892, "a"],
        [1, 893, "b"],
        [2, 894, "c"],
        [3, 895, "d"],
      ]),
    );
    expect(result.problems).toEqual([
      'submission is missing column(s) "Survived"; expected exactly "PassengerId", "Survived"',
      'submission has unexpected column(s) "", "Name" (an index was written: use index=False); expected exactly "PassengerId", "Survived"',
    ]);
  });

  it("reports a wrong row count, and missing, unknown and duplicated ids", async () => {
    const result = await titanic(
      csv("PassengerId,Survived", [
        [892, 0],
        [892, 1],
        [1, 0],
        [2, 0],
        [3, 1],
        [4, 0],
      ]),
    );
    expect(result.rows).toBe(6);
    expect(result.problems).toEqual([
      "submission has 6 rows, expected 4 (one per row of sample_submission.csv)",
      '3 of the 4 expected ids are missing from column "PassengerId" (e.g. 893, 894, 895)',
      '4 ids in column "PassengerId" are not in sample_submission.csv (e.g. 1, 2, 3)',
      'column "PassengerId" has 1 duplicated id (e.g. 892)',
    ]);
  });

  it("counts empty, NaN and infinite values per column", async () => {
    const result = await titanic(
      csv("PassengerId,Survived", [
        [892, ""],
        [893, "nan"],
        [894, ""],
        [895, "inf"],
      ]),
    );
    expect(result.problems).toEqual(['column "Survived" has 2 empty values and 1 NaN value and 1 infinite value (first at row 1)']);
  });

  it("requires numbers where the sample has numbers", async () => {
    const result = await titanic(
      csv("PassengerId,Survived", [
        [892, "True"],
        [893, "False"],
        [894, 1],
        [895, "yes"],
      ]),
    );
    expect(result.problems).toEqual(['column "Survived" must be numeric but has 3 non-numeric values (e.g. "True", "False", "yes")']);
  });

  it("checks probabilities are within [0, 1]", async () => {
    const result = await titanic(
      csv("PassengerId,Survived", [
        [892, 0.2],
        [893, 1.5],
        [894, -0.1],
        [895, 1],
      ]),
      {
        submissionForm: "probability",
      },
    );
    expect(result.problems).toEqual(['column "Survived" has 2 values outside [0, 1] (e.g. 1.5, -0.1); it must hold probabilities']);
  });

  it("checks class probabilities lie in [0, 1] and sum to 1 per row", async () => {
    const sample = csv("id,a,b,c", [
      [1, 0.33, 0.33, 0.34],
      [2, 0.33, 0.33, 0.34],
      [3, 0.33, 0.33, 0.34],
    ]);
    const submission = csv("id,a,b,c", [
      [1, 0.2, 0.3, 0.5],
      [2, 0.5, 0.5, 0.5],
      [3, 0.9995, 0.0004, 0],
    ]);
    const result = await validateSubmission({
      submissionPath: await file(submission),
      sampleSubmissionPath: await file(sample),
      idColumn: "id",
      targetColumns: ["a", "b", "c"],
      submissionForm: "class_probabilities",
    });
    expect(result.problems).toEqual(["1 row has class probabilities that do not sum to 1 (±0.001), e.g. row 2 sums to 1.5"]);
    const outside = csv("id,a,b,c", [
      [1, 1.2, -0.2, 0],
      [2, 0.5, 0.5, 0],
      [3, 1, 0, 0],
    ]);
    const second = await validateSubmission({
      submissionPath: await file(outside),
      sampleSubmissionPath: await file(sample),
      idColumn: "id",
      targetColumns: ["a", "b", "c"],
      submissionForm: "class_probabilities",
    });
    expect(second.problems).toEqual([
      'column "a" has 1 value outside [0, 1] (e.g. 1.2); it must hold probabilities',
      'column "b" has 1 value outside [0, 1] (e.g. -0.2); it must hold probabilities',
    ]);
  });

  it("compares boolean labels by value only when the classes are booleans", async () => {
    const sample = csv("PassengerId,Transported", [
      ["0013_01", "False"],
      ["0018_01", "False"],
      ["0019_01", "False"],
    ]);
    const input = (submission: string, classes: string[]) =>
      file(submission).then(async (submissionPath) =>
        validateSubmission({
          submissionPath,
          sampleSubmissionPath: await file(sample),
          idColumn: "PassengerId",
          targetColumns: ["Transported"],
          submissionForm: "label",
          classes,
        }),
      );
    const spelled = csv("PassengerId,Transported", [
      ["0013_01", "true"],
      ["0018_01", "1"],
      ["0019_01", "False"],
    ]);
    expect((await input(spelled, ["False", "True"])).problems).toEqual([]);
    const wrong = csv("PassengerId,Transported", [
      ["0013_01", "yes"],
      ["0018_01", "2"],
      ["0019_01", "True"],
    ]);
    expect((await input(wrong, ["False", "True"])).problems).toEqual([
      'column "Transported" has 2 values that are not valid classes (e.g. "yes", 2); allowed: "False", "True"',
    ]);
    const booleansForInts = csv("PassengerId,Transported", [
      ["0013_01", "True"],
      ["0018_01", "1.0"],
      ["0019_01", "0"],
    ]);
    expect((await input(booleansForInts, ["0", "1"])).problems).toEqual([
      'column "Transported" has 1 value that is not valid classes (e.g. "True"); allowed: "0", "1"',
    ]);
  });

  it("uses the test file as reference when there is no sample submission", async () => {
    const test = csv("Id,feature", [
      [1461, 5],
      [1462, 6],
      [1463, 7],
    ]);
    const submission = csv("Id,SalePrice", [
      [1461, 100000],
      [1462, "abc"],
      [1464, 120000],
    ]);
    const result = await validateSubmission({
      submissionPath: await file(submission),
      sampleSubmissionPath: null,
      testPath: await file(test, "test.csv"),
      idColumn: "Id",
      targetColumns: ["SalePrice"],
      submissionForm: "value",
    });
    expect(result).toEqual({
      ok: false,
      rows: 3,
      expectedRows: 3,
      problems: [
        '1 of the 3 expected ids are missing from column "Id" (e.g. 1463)',
        '1 id in column "Id" is not in test.csv (e.g. 1464)',
        'column "SalePrice" must be numeric but has 1 non-numeric value (e.g. "abc")',
      ],
    });
  });

  it("throws when there is neither a sample submission nor a test file", async () => {
    await expect(
      validateSubmission({
        submissionPath: await file(titanicSample),
        sampleSubmissionPath: null,
        idColumn: "PassengerId",
        targetColumns: ["Survived"],
        submissionForm: "label",
      }),
    ).rejects.toThrow("validateSubmission needs a sample submission or a test file as reference");
  });
});
