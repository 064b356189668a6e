import { describe, expect, it } from "vitest";
import { InstructionSchema, parseInstructionMarkdown, renderInstructionMarkdown, type Instruction } from "../../src/types/instruction.js";

const full: Instruction = InstructionSchema.parse({
  rank: 2,
  title: "Gradient boosting on engineered features",
  summary: "Engineer calendar features, then fit XGBoost. Validate on later periods.",
  preprocessing: [
    { text: "Parse the datetime column and derive hour, weekday and month.", tag: "Feature_Engineering", library: "pandas" },
    { text: "Drop the casual and registered columns.", tag: "Data_Transform" },
    { text: "Log-transform the target.", library: "numpy" },
    { text: "Keep the id column aside." },
  ],
  model: [{ text: "An XGBRegressor with 500 trees and depth 6.", tag: "Model_Train", library: "xgboost" }],
  training: [{ text: "Fit with early stopping on the last month.", tag: "Hyperparam_Tuning", library: "xgboost" }],
  validation: [{ text: "Score RMSLE on the last 20% of the timeline.", tag: "Model_Evaluation", library: "scikit-learn" }],
  submission: [{ text: "Invert the log and write datetime,count.", tag: "Data_Export", library: "pandas" }],
});

describe("renderInstructionMarkdown", () => {
  it("renders title, summary and numbered steps with their hints under the section headings", () => {
    const md = renderInstructionMarkdown(full);
    expect(md).toContain(
      "# Gradient boosting on engineered features\n\nEngineer calendar features, then fit XGBoost. Validate on later periods.\n\n## Data preprocessing\n\n",
    );
    expect(md).toContain("1. Parse the datetime column and derive hour, weekday and month. [Feature_Engineering, pandas]\n");
    expect(md).toContain("2. Drop the casual and registered columns. [Data_Transform]\n");
    expect(md).toContain("3. Log-transform the target. [numpy]\n");
    expect(md).toContain("4. Keep the id column aside.\n");
    const headings = md.split("\n").filter((l) => l.startsWith("## "));
    expect(headings).toEqual(["## Data preprocessing", "## Model architecture", "## Model training", "## Validation", "## Submission"]);
    expect(md.endsWith("[Data_Export, pandas]\n")).toBe(true);
  });

  it("leaves out empty sections", () => {
    const md = renderInstructionMarkdown({ ...full, validation: [], submission: [] });
    expect(md).not.toContain("## Validation");
    expect(md).not.toContain("## Submission");
  });
});

describe("parseInstructionMarkdown", () => {
  it("round-trips a rendered instruction: title, summary, steps, tags and libraries", () => {
    expect(parseInstructionMarkdown(renderInstructionMarkdown(full), 2)).toEqual(full);
  });

  it("sets the rank it is given", () => {
    expect(parseInstructionMarkdown(renderInstructionMarkdown(full), 5).rank).toBe(5);
  });

  it("parses the paper's free-text 'Data preprocessing: ... / Model architecture: ... / Model training: ...' style", () => {
    const text = [
      "Data preprocessing: Fill missing ages with the median and encode sex as 0/1.",
      "Model architecture: A random forest classifier with 200 trees.",
      "Model training: Train on all rows after 5-fold cross-validation.",
    ].join("\n");
    const parsed = parseInstructionMarkdown(text, 1);
    expect(parsed.preprocessing).toEqual([{ text: "Fill missing ages with the median and encode sex as 0/1." }]);
    expect(parsed.model).toEqual([{ text: "A random forest classifier with 200 trees." }]);
    expect(parsed.training).toEqual([{ text: "Train on all rows after 5-fold cross-validation." }]);
    expect(parsed.validation).toEqual([]);
    expect(parsed.title).toBe("Instruction 1");
  });

  it("parses heading lines with bullet or numbered steps below, bold headings and aliases", () => {
    const text = [
      "We will solve this with boosting. It is fast.",
      "",
      "**Data preprocessing:**",
      "- Impute numeric columns.",
      "* Scale features.",
      "### Model",
      "1) LightGBM-like gradient boosting via xgboost.",
      "Training:",
      "+ Fit for 300 rounds.",
      "Evaluation:",
      "2. Report accuracy on a hold-out split.",
      "Predictions:",
      "Write the labels.",
    ].join("\n");
    const parsed = parseInstructionMarkdown(text, 3);
    expect(parsed.summary).toBe("We will solve this with boosting. It is fast.");
    expect(parsed.title).toBe("We will solve this with boosting");
    expect(parsed.preprocessing.map((s) => s.text)).toEqual(["Impute numeric columns.", "Scale features."]);
    expect(parsed.model.map((s) => s.text)).toEqual(["LightGBM-like gradient boosting via xgboost."]);
    expect(parsed.training.map((s) => s.text)).toEqual(["Fit for 300 rounds."]);
    expect(parsed.validation.map((s) => s.text)).toEqual(["Report accuracy on a hold-out split."]);
    expect(parsed.submission.map((s) => s.text)).toEqual(["Write the labels."]);
  });

  it("throws when no section holds a step", () => {
    expect(() => parseInstructionMarkdown("# A title\n\nJust some thoughts about the task.", 1)).toThrow(/no instruction steps found/);
  });
});

describe("InstructionSchema", () => {
  it("drops an unknown taxonomy tag instead of failing", () => {
    const parsed = InstructionSchema.parse({ ...full, model: [{ text: "Use a forest.", tag: "Random_Guess", library: "scikit-learn" }] });
    expect(parsed.model).toEqual([{ text: "Use a forest.", tag: undefined, library: "scikit-learn" }]);
  });

  it("rejects an empty title and a rank below 1", () => {
    expect(InstructionSchema.safeParse({ ...full, title: "" }).success).toBe(false);
    expect(InstructionSchema.safeParse({ ...full, rank: 0 }).success).toBe(false);
  });
});

describe("step hints", () => {
  it("keeps a bracket that is not a [tag, library] hint in the step text", () => {
    const parsed = parseInstructionMarkdown(
      "## Data preprocessing\n- Drop the columns [Cabin, Ticket]\n- Fit a model [Model_Training, xgboost]\n- Scale [Data_Transform, scikit-learn]",
      1,
    );
    expect(parsed.preprocessing[0]).toEqual({ text: "Drop the columns [Cabin, Ticket]" });
    expect(parsed.preprocessing[1]).toEqual({ text: "Fit a model [Model_Training, xgboost]" });
    expect(parsed.preprocessing[2]).toEqual({ text: "Scale", tag: "Data_Transform", library: "scikit-learn" });
  });
});
