import { describe, expect, it } from "vitest";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { FakeLLM } from "@langchain/core/utils/testing";
import { callModel, ModelCallError } from "../../src/models/call.js";
import { fakeRoleModel, RecordingChatModel } from "../helpers/fakes.js";

describe("callModel", () => {
  it("returns a chat reply with the role, model and time of the call", async () => {
    const model = new RecordingChatModel({ responses: ["hello"] });
    const reply = await callModel(fakeRoleModel("coder", model), [new SystemMessage("s"), new HumanMessage("u")], { timeoutMs: 5000 });
    expect(reply.text).toBe("hello");
    expect(reply.usage).toMatchObject({ role: "coder", model: "fake", inputTokens: 0, outputTokens: 0 });
    expect(reply.usage.ms).toBeGreaterThanOrEqual(0);
    expect(model.calls[0].map((m) => m.text)).toEqual(["s", "u"]);
  });

  it("sends a string prompt to a chat model as one user message", async () => {
    const model = new RecordingChatModel({ responses: ["ok"] });
    await callModel(fakeRoleModel("coder", model), "just text", { timeoutMs: 5000 });
    expect(model.calls[0]).toHaveLength(1);
    expect(model.calls[0][0].text).toBe("just text");
    expect(model.calls[0][0].type).toBe("human");
  });

  it("sends a text model one prompt, joining messages by blank lines", async () => {
    const llm = new FakeLLM({});
    // FakeLLM answers with the prompt itself when it has no fixed response
    const reply = await callModel(
      { role: "instructor", name: "ft", kind: "text", model: llm },
      [new SystemMessage("sys"), new HumanMessage("user")],
      { timeoutMs: 5000 },
    );
    expect(reply.text).toBe("sys\n\nuser");
    expect(reply.usage).toMatchObject({ role: "instructor", model: "ft" });
  });

  it("stops a call that runs past its time limit with ModelCallError 'timed out'", async () => {
    const model = new RecordingChatModel({ responses: ["never"] });
    model.hang = true;
    const started = Date.now();
    const error = await callModel(fakeRoleModel("decider", model), "hi", { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as Error).name).toBe("ModelCallError");
    expect((error as Error).message).toMatch(
      /^model call for role decider \(model fake\) timed out after \d+\.\ds \(the per-call limit: raise --model-timeout \/ modelTimeoutSeconds\)$/,
    );
    expect((error as ModelCallError).failure).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("reports a cancelled call (caller's signal) as cancelled, not timed out", async () => {
    const model = new RecordingChatModel({ responses: ["never"] });
    model.hang = true;
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("run cancelled")), 20);
    const error = await callModel(fakeRoleModel("coder", model), "hi", { timeoutMs: 10_000, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as Error).message).toMatch(/^model call for role coder \(model fake\) was cancelled after \d+\.\ds$/);
    expect((error as ModelCallError).failure).toBe("cancelled");
  });

  it("wraps a transport error with the role, model and cause", async () => {
    const model = new RecordingChatModel({ responses: ["x"] });
    model._generate = async () => {
      throw new Error("ECONNREFUSED 127.0.0.1:9");
    };
    const error = await callModel(fakeRoleModel("fixer", model), "hi", { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as Error).message).toMatch(
      /^model call for role fixer \(model fake\) failed after \d+\.\ds: ECONNREFUSED 127\.0\.0\.1:9 \(check LINGUACODUS_FIXER_BASE_URL or LINGUACODUS_BASE_URL\)$/,
    );
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it("cuts a call at the run's wall-time budget, before its own time limit", async () => {
    const model = new RecordingChatModel({ responses: ["never"] });
    model.hang = true;
    const started = Date.now();
    const error = await callModel(fakeRoleModel("coder", model), "hi", { timeoutMs: 10_000, deadline: Date.now() + 150 }).catch(
      (e: unknown) => e,
    );
    expect((error as ModelCallError).failure).toBe("budget");
    expect((error as Error).message).toMatch(
      /^model call for role coder \(model fake\) stopped after \d+\.\ds: the run's wall-time budget \(--max-seconds\) ended$/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("does not start a call once the budget has ended", async () => {
    const model = new RecordingChatModel({ responses: ["x"] });
    const error = await callModel(fakeRoleModel("coder", model), "hi", { timeoutMs: 10_000, deadline: Date.now() - 1 }).catch(
      (e: unknown) => e,
    );
    expect((error as ModelCallError).failure).toBe("budget");
    expect(model.calls).toHaveLength(0);
  });

  it("prices a call when the model's price is known", async () => {
    const model = new RecordingChatModel({ responses: ["x"] });
    const target = { ...fakeRoleModel("coder", model), price: { input: 2, output: 8 } };
    const reply = await callModel(target, "hi", { timeoutMs: 5000 });
    expect(reply.usage.cost).toBe(0);
  });
});
