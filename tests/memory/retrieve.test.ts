import { describe, expect, it } from "vitest";
import { retrieveSimilar, taskWords } from "../../src/memory/retrieve.js";
import type { StoredExperience } from "../../src/memory/experience-store.js";
import type { ExperienceRecord } from "../../src/types/experience.js";
import { makeRecord, profileSummary } from "./records.js";

const stored = (key: string, record: ExperienceRecord): StoredExperience => ({ key, record, updatedAt: new Date(0) });

/** A small bank of earlier tasks: two tabular survival tasks, a text task, a regression. */
const BANK = [
  stored(
    "houses",
    makeRecord("House prices", "Predict the sale price of each house from its lot, rooms and neighbourhood.", {
      profile: {
        taskType: "regression",
        metric: "log_rmse",
        higherIsBetter: false,
        classes: null,
        submissionForm: "value",
        columns: ["Id", "LotArea", "SalePrice"],
      },
    }),
  ),
  stored(
    "tweets",
    makeRecord("Disaster tweets", "Classify whether a tweet is about a real disaster from its text.", {
      profile: { metric: "f1", dataType: "text", dataKinds: { text: 1, categorical: 2 }, columns: ["id", "keyword", "text", "target"] },
    }),
  ),
  stored(
    "titanic",
    makeRecord("Titanic", "Predict which passengers survived the shipwreck from age, sex, class and fare.", {
      profile: { columns: ["PassengerId", "Pclass", "Sex", "Age", "Fare", "Survived"] },
    }),
  ),
  stored(
    "penguins",
    makeRecord("Penguin species", "Predict the species of each penguin from bill and flipper measurements.", {
      profile: { taskType: "multiclass", classes: 3, columns: ["id", "bill_length_mm", "flipper_length_mm", "species"] },
    }),
  ),
];

const query = (title: string, digest: string, profile = profileSummary()) => retrieveSimilar(BANK, { title, digest }, profile);

describe("retrieval of similar experiences (BM25 of @langchain/community over descriptions and profiles)", () => {
  it("ranks the task that shares description words and profile first, the closest at similarity 1", async () => {
    const found = await query(
      "Spaceship Titanic",
      "Predict which passengers were transported, from age, cabin and spending.",
      profileSummary({ columns: ["PassengerId", "Age", "Cabin", "Transported"] }),
    );
    expect(found[0].key).toBe("titanic");
    expect(found[0].similarity).toBe(1);
    expect(found.every((e, i) => i === 0 || e.similarity <= found[i - 1].similarity)).toBe(true);
    expect(found.map((e) => e.key)).not.toContain(undefined);
  });

  it("weights the profile: a text task finds the text task, a regression the regression", async () => {
    const text = await query(
      "News headlines",
      "Classify each headline.",
      profileSummary({ metric: "f1", dataType: "text", dataKinds: { text: 1 }, columns: ["id", "headline"] }),
    );
    expect(text[0].key).toBe("tweets");
    const regression = await query(
      "Car prices",
      "Estimate the price of each car.",
      profileSummary({
        taskType: "regression",
        metric: "log_rmse",
        higherIsBetter: false,
        classes: null,
        submissionForm: "value",
        columns: ["Id", "Mileage"],
      }),
    );
    expect(regression[0].key).toBe("houses");
  });

  it("matches whole words only (the retriever counts substrings: 'class' must not match 'classification')", async () => {
    const other = {
      taskType: "regression" as const,
      metric: "mae",
      dataType: "text",
      dataKinds: {},
      columns: [],
      rows: null,
      classes: null,
      submissionForm: "value" as const,
    };
    const docs = [
      stored("long", makeRecord("Aaa", "classification", { profile: other })),
      stored("exact", makeRecord("Bbb", "class", { profile: other })),
    ];
    const found = await retrieveSimilar(docs, { title: "Ccc", digest: "class" }, profileSummary({ rows: null, classes: null }));
    expect(found.map((e) => e.key)).toEqual(["exact"]);
  });

  it("reads a task as its title and digest words plus profile facts", () => {
    const words = taskWords({ title: "T", digest: "Classify the class." }, profileSummary());
    expect(words).toContain("class");
    expect(words).toContain("classify");
    expect(words).toContain("typebinary");
    expect(words).toContain("metricaccuracy");
    expect(words).toContain("rows2");
  });

  it("returns at most k, only records sharing a word, and never plain references (they have no instruction)", async () => {
    const withReference = [stored("ref", makeRecord("Titanic", "Predict which passengers survived.", { source: "reference" })), ...BANK];
    const found = await retrieveSimilar(
      withReference,
      { title: "Titanic", digest: "Predict which passengers survived." },
      profileSummary(),
      2,
    );
    expect(found).toHaveLength(2);
    expect(found.map((e) => e.key)).not.toContain("ref");
    expect(await retrieveSimilar([], { title: "x", digest: "y" }, profileSummary())).toEqual([]);
    const unrelated = [
      stored(
        "u",
        makeRecord("Zzz", "qqq", {
          profile: {
            taskType: "regression",
            metric: "mae",
            dataType: "text",
            dataKinds: {},
            columns: [],
            rows: null,
            classes: null,
            submissionForm: "value",
          },
        }),
      ),
    ];
    expect(
      await retrieveSimilar(unrelated, { title: "Titanic", digest: "survival" }, profileSummary({ rows: null, classes: null })),
    ).toEqual([]);
  });

  it("keeps the store's order (newest first) between equally similar records", async () => {
    const twins = [stored("newer", makeRecord("Same", "Same words here.")), stored("older", makeRecord("Same", "Same words here."))];
    const found = await retrieveSimilar(twins, { title: "Same", digest: "Same words here." }, profileSummary());
    expect(found.map((e) => [e.key, e.similarity])).toEqual([
      ["newer", 1],
      ["older", 1],
    ]);
  });
});
