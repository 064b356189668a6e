import { describe, expect, it } from "vitest";
import { z } from "zod";
import { SystemMessage, HumanMessage, AIMessage } from "@langchain/core/messages";
import { callStructured, extractJson, parseStructured, StructuredOutputError } from "../../src/models/structured.js";
import { StepError } from "../../src/models/step-error.js";
import { fakeRoleModel, RecordingChatModel } from "../helpers/fakes.js";

describe("extractJson", () => {
  it("parses a fenced ```json block, ignoring the prose around it", () => {
    expect(extractJson('Sure! Here it is:\n```json\n{"a": 1, "b": [2, 3]}\n```\nHope that helps {not json}.')).toEqual({ a: 1, b: [2, 3] });
    expect(extractJson('```\n{"plain": true}\n```')).toEqual({ plain: true });
  });

  it("finds the first balanced object in unfenced prose", () => {
    expect(extractJson('My answer is {"chosen": 2, "rationale": "ok"} and that is final. {"other": 1}')).toEqual({
      chosen: 2,
      rationale: "ok",
    });
  });

  it("ignores braces and escaped quotes inside strings, and nests", () => {
    const text = 'x {"code": "def f():\\n    return {\\"a\\": [1, 2]}", "inner": {"deep": {"x": "}"}}, "list": [{"y": "{"}]} tail }';
    expect(extractJson(text)).toEqual({ code: 'def f():\n    return {"a": [1, 2]}', inner: { deep: { x: "}" } }, list: [{ y: "{" }] });
  });

  it("parses a top-level array", () => {
    expect(extractJson('critiques: [1, [2, 3], {"a": "]"}] done')).toEqual([1, [2, 3], { a: "]" }]);
  });

  it("says when there is no JSON, or it is cut off", () => {
    expect(() => extractJson("I would use a random forest.")).toThrow("the reply contains no JSON object");
    expect(() => extractJson('{"title": "cut')).toThrow("the reply's JSON is not closed (cut off?)");
  });
});

describe("parseStructured", () => {
  const schema = z.object({ chosen: z.number().int(), rationale: z.string() });

  it("returns the validated value", () => {
    expect(parseStructured('{"chosen": 3, "rationale": "r", "extra": 1}', schema)).toEqual({
      ok: true,
      value: { chosen: 3, rationale: "r" },
    });
  });

  it("explains a schema mismatch by path", () => {
    const result = parseStructured('{"chosen": "two"}', schema);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(/^the JSON does not match the schema: /);
      expect(result.error).toContain("chosen:");
      expect(result.error).toContain("rationale:");
    }
  });

  it("passes on the extraction error", () => {
    expect(parseStructured("nothing here", schema)).toEqual({ ok: false, error: "the reply contains no JSON object" });
  });
});

describe("callStructured", () => {
  const schema = z.object({ answer: z.number() });
  const prompt = [new SystemMessage("Answer in JSON."), new HumanMessage("What is six times seven?")];

  it("returns the first reply that parses, with its raw text and usage", async () => {
    const model = new RecordingChatModel({ responses: ['```json\n{"answer": 42}\n```'] });
    const result = await callStructured(fakeRoleModel("decider", model), prompt, schema, { timeoutMs: 5000 });
    expect(result.value).toEqual({ answer: 42 });
    expect(result.raw).toEqual(['```json\n{"answer": 42}\n```']);
    expect(result.usage).toEqual([expect.objectContaining({ role: "decider", model: "fake", inputTokens: 0, outputTokens: 0 })]);
    expect(model.calls).toHaveLength(1);
  });

  it("repairs once: the second call sees the bad reply and what was wrong", async () => {
    const model = new RecordingChatModel({ responses: ['{"answer": "forty-two"}', '{"answer": 42}'] });
    const result = await callStructured(fakeRoleModel("decider", model), prompt, schema, { timeoutMs: 5000 });
    expect(result.value).toEqual({ answer: 42 });
    expect(result.raw).toEqual(['{"answer": "forty-two"}', '{"answer": 42}']);
    expect(result.usage).toHaveLength(2);
    const second = model.calls[1];
    expect(second).toHaveLength(4);
    expect(second.slice(0, 2)).toEqual(prompt);
    expect(second[2]).toBeInstanceOf(AIMessage);
    expect(second[2].text).toBe('{"answer": "forty-two"}');
    expect(second[3].text).toMatch(
      /^Your reply could not be used: the JSON does not match the schema: answer: .*Reply again with only the JSON object, no prose\.$/,
    );
  });

  it("throws StructuredOutputError keeping both raw replies and their usage after two bad replies", async () => {
    const model = new RecordingChatModel({ responses: ["Candidate 1 looks fine.", "Still fine, really."] });
    const error = await callStructured(fakeRoleModel("researcher", model), prompt, schema, { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(error).toBeInstanceOf(StepError);
    const e = error as StructuredOutputError;
    expect(e.name).toBe("StructuredOutputError");
    expect(e.message).toMatch(
      /^role researcher \(model fake\) returned malformed structured output 2 times: the reply contains no JSON object; first reply starts: "Candidate 1 looks fine\."/,
    );
    expect(e.raw).toEqual(["Candidate 1 looks fine.", "Still fine, really."]);
    expect(e.usage.map((u) => u.role)).toEqual(["researcher", "researcher"]);
    expect(model.calls).toHaveLength(2);
  });

  it("makes exactly 1 + repairs calls", async () => {
    const none = new RecordingChatModel({ responses: ["no", "no", "no"] });
    await expect(callStructured(fakeRoleModel("coder", none), prompt, schema, { timeoutMs: 5000, repairs: 0 })).rejects.toThrow(/1 times/);
    expect(none.calls).toHaveLength(1);
    const two = new RecordingChatModel({ responses: ["no", "no", '{"answer": 1}'] });
    expect((await callStructured(fakeRoleModel("coder", two), prompt, schema, { timeoutMs: 5000, repairs: 2 })).value).toEqual({
      answer: 1,
    });
    expect(two.calls).toHaveLength(3);
  });
});
