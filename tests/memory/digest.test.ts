import { describe, expect, it } from "vitest";
import { DIGEST_CHARS, descriptionDigest, relativeScore, summariseProfile } from "../../src/memory/digest.js";
import { experienceFromRun } from "../../src/memory/from-run.js";
import { instruction, tempDirs } from "../helpers/fakes.js";
import { afterAll } from "vitest";
import { tinyTaskAndProfile } from "./run-fixture.js";

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

const DESCRIPTION = `# Churn

Predict whether a customer leaves. See [the data page](https://example.com/secret-link).

\`\`\`
id,age,city,label
1,34,Oslo,1
\`\`\`

| id | label |
|----|-------|
| 7  | 0     |

    42,77,Lima,0
101,55,Pune,1
Plain prose, with a comma, stays.

## Evaluation

Submissions are evaluated on accuracy.`;

describe("description digest", () => {
  it("keeps the prose and drops code, tables, CSV-like lines and link targets", () => {
    expect(descriptionDigest(DESCRIPTION)).toBe(
      "# Churn Predict whether a customer leaves. See [the data page]. Plain prose, with a comma, stays. ## Evaluation Submissions are evaluated on accuracy.",
    );
  });

  it("is at most DIGEST_CHARS long", () => {
    expect(descriptionDigest("word ".repeat(2000))).toHaveLength(DIGEST_CHARS);
  });
});

describe("relative score", () => {
  it("is positive when better, in the metric's direction, and null when unknown", () => {
    expect(relativeScore(0.9, 0.8, true)).toBeCloseTo(0.125, 12);
    expect(relativeScore(0.09, 0.1, false)).toBeCloseTo(0.1, 12);
    expect(relativeScore(0.11, 0.1, false)).toBeCloseTo(-0.1, 12);
    expect(relativeScore(null, 0.1, true)).toBeNull();
    expect(relativeScore(0.5, 0, true)).toBeNull();
  });
});

describe("an experience never keeps data rows or answers", () => {
  it("keeps the profile's shape (kinds, size, header) but no sample value, class label or data row", async () => {
    const { task: loaded, profile } = await tinyTaskAndProfile(dirs);
    const task = { ...loaded, description: DESCRIPTION };
    const summary = summariseProfile(profile);
    expect(summary).toEqual({
      taskType: "binary",
      metric: "accuracy",
      higherIsBetter: true,
      dataType: "tabular",
      dataKinds: expect.any(Object),
      columns: ["id", "age", "city", "label"],
      rows: 30,
      classes: 2,
      submissionForm: "label",
    });
    const { key, record } = experienceFromRun(
      { runId: "r", task, profile, engine: "offline", instruction: instruction(1), status: "failed", validationScore: 0.9, usage: [] },
      new Date("2026-01-01T00:00:00Z"),
    );
    expect(key).toBe("run:r");
    expect(record.outcome.score).toBeNull(); // a failed run's printed score is not its score
    const text = JSON.stringify(record);
    for (const value of ["Oslo", "Lima", "Pune", "34,Oslo", "42,77", "101,55", "secret-link"]) expect(text, value).not.toContain(value);
    const samples = profile.files.flatMap((f) => f.columns.flatMap((c) => c.samples)).filter((s) => s.length > 2);
    for (const sample of samples) expect(text, sample).not.toContain(`"${sample}"`);
  });
});
