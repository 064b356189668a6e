import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { loadPrompt, promptVariables, renderPrompt, renderPromptText } from "../../src/models/prompt-files.js";
import { PROMPTS_DIR } from "../../src/package-paths.js";
import { buildInstructorLlama2Prompt, llama2Completion, llama2Template, MAX_DESCRIPTION_CHARS } from "../../src/models/llama2-prompt.js";

/** The environment probe's facts, as the environment and libraries fragments take them. */
const ENV = ["cpus", "gpu", "libraries", "missing_libraries", "python_version"];

/** The placeholders each prompt file must take (what the model engine passes). */
const VARIABLES: Record<string, string[]> = {
  "instructor-chat": ["description", "k", "libraries", "profile", "python_version", "rank_word", "schema", "tags"],
  "instructor-llama2": ["data_type", "description", "metric", "rank_word"],
  researcher: ["candidates", "description", "libraries", "profile", "python_version", "schema"],
  decider: ["candidates", "critiques", "description", "libraries", "profile", "python_version", "schema"],
  "code-preprocessing": ["description", "earlier_code", "id_column", "instruction", "label_column", "profile"],
  "code-model": ["description", "earlier_code", "instruction", "profile"],
  "code-training": ["description", "earlier_code", "instruction", "metric", "profile"],
  "code-submission": [
    "earlier_code",
    "instruction",
    "profile",
    "sample_submission",
    "submission_columns",
    "submission_form",
    "value_style",
  ],
  fix: ["code", "error", "history", "instruction", "profile", "stdout_tail", "summary", ...ENV],
  regenerate: [
    "description",
    "error",
    "history",
    "instruction",
    "profile",
    "sample_submission",
    "submission_columns",
    "submission_form",
    ...ENV,
  ],
  vanilla: ["description", "metric", "profile", "sample_submission", "submission_columns", "submission_form", ...ENV],
};

describe("prompt files", () => {
  it("exist for every model-backed node, one file each", () => {
    const files = readdirSync(PROMPTS_DIR)
      .filter((f) => f.endsWith(".md"))
      .map((f) => f.replace(/\.md$/, ""));
    expect(files).toEqual(expect.arrayContaining(Object.keys(VARIABLES)));
  });

  it.each(Object.entries(VARIABLES))("%s has a system and a user part with its placeholders", (name, variables) => {
    const prompt = loadPrompt(name);
    const used = promptVariables(name);
    if (name === "instructor-llama2") {
      // only inputs known both in the training records and at inference
      expect(used).toEqual(variables);
    } else {
      expect(used).toEqual(expect.arrayContaining(variables));
    }
    expect(loadPrompt(name)).toBe(prompt);
  });

  it("include shared fragments: the environment paragraph is written once, with the probe's facts as placeholders", async () => {
    const fragment = readFileSync(join(PROMPTS_DIR, "fragments", "environment.md"), "utf8").trim();
    for (const placeholder of ENV) expect(fragment).toContain(`{${placeholder}}`);
    const rendered = fragment.replace(/\{(\w+)\}/g, (_, v: string) => `<${v}>`);
    const users = ["code-preprocessing", "code-model", "code-training", "code-submission", "fix", "regenerate", "vanilla"];
    for (const name of users) {
      const values = Object.fromEntries(promptVariables(name).map((v) => [v, `<${v}>`]));
      const { system } = await renderPromptText(name, values);
      expect(system, name).toContain(rendered);
    }
    const files = [
      ...readdirSync(PROMPTS_DIR).filter((f) => f.endsWith(".md")),
      ...readdirSync(join(PROMPTS_DIR, "fragments")).map((f) => join("fragments", f)),
    ];
    for (const file of files) {
      expect(readFileSync(join(PROMPTS_DIR, file), "utf8"), file).not.toMatch(/scikit-learn|xgboost|pandas|numpy|scipy|lightgbm|\b1\.2\b/);
    }
  });

  it("renders to a system and a human message with the values filled in", async () => {
    const messages = await renderPrompt("researcher", {
      description: "DESC-1",
      profile: "PROF-2",
      candidates: "CANDS-3",
      schema: "SCHEMA-4",
      libraries: "LIBS-5",
      python_version: "3.x",
    });
    expect(messages).toHaveLength(2);
    expect(messages[0]).toBeInstanceOf(SystemMessage);
    expect(messages[1]).toBeInstanceOf(HumanMessage);
    expect(messages[0].text).toMatch(/^You are the Researcher/);
    for (const v of ["DESC-1", "PROF-2", "CANDS-3", "SCHEMA-4"]) expect(messages[1].text).toContain(v);
    expect(messages[0].text).toContain("(LIBS-5 (Python 3.x))");
    expect(messages[1].text).not.toMatch(/\{(description|profile|candidates|schema)\}/);
  });

  it("keeps braces inside values literally (code and JSON)", async () => {
    const values = Object.fromEntries(promptVariables("fix").map((v) => [v, v]));
    const { user } = await renderPromptText("fix", { ...values, code: "d = {'a': 1}", error: "KeyError: {x}" });
    expect(user).toContain("d = {'a': 1}");
    expect(user).toContain("KeyError: {x}");
  });

  it("throws for a missing variable", async () => {
    await expect(
      renderPrompt("researcher", { description: "d", profile: "p", schema: "s", libraries: "l", python_version: "3" }),
    ).rejects.toThrow(/Missing value for input candidates/);
  });

  it("throws for a missing prompt file", () => {
    expect(() => loadPrompt("no-such-prompt")).toThrow(/no-such-prompt\.md/);
  });
});

describe("llama2 instructor prompt", () => {
  it("wraps system and user text in the Llama 2 chat template", () => {
    expect(llama2Template("SYS", "USER")).toBe("[INST] <<SYS>>\nSYS\n<</SYS>>\n\nUSER [/INST]");
  });

  it("asks for the rank in words with metric and data type, from the prompt file", async () => {
    const prompt = await buildInstructorLlama2Prompt({ description: "  Predict prices.  ", metric: "rmsle", dataType: "tabular", rank: 3 });
    expect(prompt.startsWith("[INST] <<SYS>>\nYou are an expert machine-learning engineer.")).toBe(true);
    expect(prompt.endsWith("Write the instruction of the solution ranked third for this task. [/INST]")).toBe(true);
    expect(prompt).toContain("Task description: Predict prices.\nEvaluation metric: rmsle\nData type: tabular\n");
  });

  it("truncates long descriptions to MAX_DESCRIPTION_CHARS", async () => {
    const long = "x".repeat(MAX_DESCRIPTION_CHARS + 500);
    const prompt = await buildInstructorLlama2Prompt({ description: long, metric: "auc", dataType: "text", rank: 1 });
    expect(prompt).toContain(`Task description: ${"x".repeat(MAX_DESCRIPTION_CHARS)}\n`);
    expect(prompt).not.toContain("x".repeat(MAX_DESCRIPTION_CHARS + 1));
  });

  it("ends a training completion with the end-of-sequence token", () => {
    expect(llama2Completion("\n# Title\n\n1. Step\n\n")).toBe(" # Title\n\n1. Step </s>");
  });
});
