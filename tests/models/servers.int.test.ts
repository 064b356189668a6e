import { afterEach, describe, expect, it } from "vitest";
import { createServer } from "node:net";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { createRoleModel } from "../../src/models/factory.js";
import { callModel, ModelCallError, OversizedReplyError } from "../../src/models/call.js";
import { callStructured, StructuredOutputError } from "../../src/models/structured.js";
import { MechanismMemory, type Mechanism, type StructuredSetting } from "../../src/models/mechanism.js";
import { DecisionReplySchema } from "../../src/engines/model/schemas.js";
import {
  startMockOpenAI,
  type MockHandler,
  type MockMechanism,
  type MockOpenAI,
  requestedMechanism,
} from "../helpers/mock-openai-server.js";

let mock: MockOpenAI | null = null;
afterEach(async () => {
  await mock?.close();
  mock = null;
});

/** A role model for the decider pointed at the mock. */
function decider(
  url: string,
  structuredOutput: StructuredSetting = "auto",
  options: { retries?: number; timeoutMs?: number; maxReplyBytes?: number } = {},
) {
  return createRoleModel(
    {
      role: "decider",
      model: "mock-model",
      baseUrl: url,
      apiKey: "not-needed",
      temperature: 0,
      format: "chat",
      maxTokens: undefined,
      structuredOutput,
      price: { input: 1, output: 2 },
    },
    { timeoutMs: options.timeoutMs ?? 10_000, maxRetries: options.retries ?? 0, maxReplyBytes: options.maxReplyBytes },
  );
}

const DECISION = {
  chosen: 2,
  rationale: "Candidate 2 handles the categoricals.",
  instruction: {
    title: "Forest",
    summary: "Impute and fit a forest.",
    preprocessing: [{ text: "Impute the median.", tag: "Data_Transform", library: "pandas" }],
    model: [{ text: "Fit a random forest.", tag: "Model_Train", library: "scikit-learn" }],
    training: [{ text: "Cross-validate with 5 folds.", tag: "Model_Evaluation", library: null }],
    validation: [],
    submission: [],
  },
};
/** How an unconstrained chat model answers: prose around a fenced JSON object. */
const PROSE_JSON = `Sure! Here is my decision:\n\n\`\`\`json\n${JSON.stringify(DECISION)}\n\`\`\`\nHope this helps.`;
const prompt = [new SystemMessage("You are the Decider. Reply in JSON."), new HumanMessage("Decide.")];

async function start(handler: MockHandler, supports: MockMechanism = "all", rejectResponseFormat = false): Promise<MockOpenAI> {
  mock = await startMockOpenAI({ handler, supports, rejectResponseFormat });
  return mock;
}

describe("structured output against servers that each support one mechanism (withStructuredOutput, zod schema)", () => {
  const cases: Array<{ server: string; supports: MockMechanism; reject?: boolean; chosen: Mechanism; tried: string[] }> = [
    { server: "json_schema only (vLLM guided decoding, llama.cpp)", supports: "jsonSchema", chosen: "jsonSchema", tried: ["jsonSchema"] },
    {
      server: "tool calling only",
      supports: "functionCalling",
      chosen: "functionCalling",
      tried: ["jsonSchema", "functionCalling"],
    },
    { server: "JSON mode only", supports: "jsonMode", chosen: "jsonMode", tried: ["jsonSchema", "functionCalling", "jsonMode"] },
    {
      server: "none (everything ignored)",
      supports: "none",
      chosen: "prompt",
      tried: ["jsonSchema", "functionCalling", "jsonMode", "none"],
    },
    {
      server: "rejects response_format with HTTP 400",
      supports: "none",
      reject: true,
      chosen: "prompt",
      tried: ["jsonSchema", "functionCalling", "jsonMode", "none"],
    },
  ];

  it.each(cases)("auto on a server with $server chooses $chosen, once per run", async ({ supports, reject, chosen, tried }) => {
    const server = await start(() => ({ content: PROSE_JSON }), supports, reject === true);
    const memory = new MechanismMemory();
    const target = decider(server.url);
    const first = await callStructured(target, prompt, DecisionReplySchema, { timeoutMs: 10_000, memory, name: "decision" });
    expect(first.value).toEqual(DECISION);
    expect(first.mechanism).toBe(chosen);
    expect(server.requests.map((r) => requestedMechanism(r.body))).toEqual(tried);
    expect(first.fallbacks.map((f) => `${f.from}→${f.to}`)).toEqual(
      tried.slice(0, -1).map((m, i) => `${m}→${tried[i + 1] === "none" ? "prompt" : tried[i + 1]}`),
    );
    for (const f of first.fallbacks) expect(f).toMatchObject({ role: "decider", model: "mock-model", server: server.url });
    // every reply that came is kept; a refused request (400) has none
    expect(first.raw).toHaveLength(tried.length - (reject ? 2 : 0));
    expect(first.usage).toHaveLength(first.raw.length);

    const before = server.requests.length;
    const second = await callStructured(target, prompt, DecisionReplySchema, { timeoutMs: 10_000, memory, name: "decision" });
    expect(second.mechanism).toBe(chosen);
    expect(second.fallbacks).toEqual([]);
    expect(server.requests).toHaveLength(before + 1);
  });

  it("sends the zod schema as a strict json_schema response format with every property required", async () => {
    const server = await start(() => ({ content: JSON.stringify(DECISION) }));
    await callStructured(decider(server.url), prompt, DecisionReplySchema, { timeoutMs: 10_000, name: "decision" });
    const format = server.requests[0].body.response_format as {
      type: string;
      json_schema: { name: string; strict: boolean; schema: { required: string[]; properties: Record<string, unknown> } };
    };
    expect(format.type).toBe("json_schema");
    expect(format.json_schema.name).toBe("decision");
    expect(format.json_schema.strict).toBe(true);
    expect(format.json_schema.schema.required.sort()).toEqual(Object.keys(format.json_schema.schema.properties).sort());
    const step = JSON.stringify(format.json_schema.schema);
    expect(step).toContain('"required":["text","tag","library"]');
  });

  it("sends a named tool and tool_choice for functionCalling", async () => {
    const server = await start(() => ({ content: JSON.stringify(DECISION) }), "functionCalling");
    const result = await callStructured(decider(server.url, "functionCalling"), prompt, DecisionReplySchema, {
      timeoutMs: 10_000,
      name: "decision",
    });
    expect(result.value.chosen).toBe(2);
    const body = server.requests[0].body as { tools: Array<{ function: { name: string } }>; tool_choice: unknown };
    expect(body.tools[0].function.name).toBe("decision");
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "decision" } });
  });

  it("an explicit mechanism the server refuses is a clear error naming the setting to change", async () => {
    const server = await start(() => ({ content: PROSE_JSON }), "none", true);
    const error = await callStructured(decider(server.url, "jsonSchema"), prompt, DecisionReplySchema, { timeoutMs: 10_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as Error).message).toMatch(
      /^role decider \(model mock-model at http:\/\/127\.0\.0\.1:\d+\/v1\): the server refused structured output jsonSchema \(HTTP 400: .*response_format is not supported.*\); set LINGUACODUS_DECIDER_STRUCTURED \(or the role's structuredOutput\) to auto or another/,
    );
  });

  it("a schema mismatch under a native mechanism gets one repair round, then StructuredOutputError with every reply", async () => {
    const server = await start(() => ({ content: '{"chosen": "two"}' }), "jsonSchema");
    const error = await callStructured(decider(server.url), prompt, DecisionReplySchema, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect((error as StructuredOutputError).raw).toEqual(['{"chosen": "two"}', '{"chosen": "two"}']);
    expect((error as Error).message).toMatch(
      /malformed structured output 2 times: the JSON does not match the schema: chosen: .*\(structured output: jsonSchema\)$/,
    );
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].text).toContain("Your reply could not be used: the JSON does not match the schema");
  });
});

describe("transport faults: clear errors naming the role, the model, the URL and what to change", () => {
  it("HTTP 500", async () => {
    const server = await start(() => ({ status: 500 }));
    const error = await callModel(decider(server.url), prompt, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect((error as ModelCallError).failure).toBe("http");
    expect((error as Error).message).toMatch(
      /^model call for role decider \(model mock-model at http:\/\/127\.0\.0\.1:\d+\/v1\) failed after \d+\.\ds: HTTP 500: .* \(the server failed; it was retried modelRetries times\)$/,
    );
  });

  it("HTTP 429 with Retry-After: waits the named time and retries; without retries says what to change", async () => {
    let calls = 0;
    const server = await start(() => (++calls === 1 ? { status: 429, headers: { "retry-after": "1" } } : { content: "ok" }));
    const started = Date.now();
    const reply = await callModel(decider(server.url, "auto", { retries: 1 }), prompt, { timeoutMs: 10_000 });
    expect(reply.text).toBe("ok");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(server.requests).toHaveLength(2);

    calls = 0;
    const error = await callModel(decider(server.url), prompt, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /HTTP 429: mock error \(status 429\) \(rate limited: raise modelRetries to wait out Retry-After, or lower --candidates\)$/,
    );
  });

  it("a hanging server: the per-call timeout", async () => {
    const server = await start(() => ({ hang: true }));
    const started = Date.now();
    const error = await callModel(decider(server.url), prompt, { timeoutMs: 500 }).catch((e: unknown) => e);
    expect((error as ModelCallError).failure).toBe("timeout");
    expect((error as Error).message).toMatch(
      /timed out after 0\.\ds \(the per-call limit: raise --model-timeout \/ modelTimeoutSeconds\)$/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("a connection cut before the reply, and one cut mid-reply", async () => {
    const server = await start(() => ({ cut: "headers" }));
    const before = await callModel(decider(server.url), prompt, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect((before as ModelCallError).failure).toBe("transport");
    expect((before as Error).message).toMatch(
      /failed after \d+\.\ds: the server closed the connection before replying \(http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions\)/,
    );
    await server.close();
    const mid = await start(() => ({ cut: "body" }));
    const error = await callModel(decider(mid.url), prompt, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /failed after \d+\.\ds: the server closed the connection mid-reply \(http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions, after \d+ bytes\)/,
    );
  });

  it("nothing listening: connection refused at the base URL", async () => {
    const port = await freePort();
    const error = await callModel(decider(`http://127.0.0.1:${port}/v1`), prompt, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect((error as ModelCallError).failure).toBe("transport");
    expect((error as Error).message).toContain(
      `connection refused at http://127.0.0.1:${port}/v1 (is the server running on that host and port?)`,
    );
    expect((error as Error).message).toMatch(/\(check LINGUACODUS_DECIDER_BASE_URL or LINGUACODUS_BASE_URL\)$/);
  });

  it("a 200 body that is not JSON: not retried, the body kept as the raw reply", async () => {
    const server = await start(() => ({ rawBody: "<html>502 Bad Gateway</html>", contentType: "text/html" }));
    const error = await callModel(decider(server.url, "auto", { retries: 2 }), prompt, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect((error as ModelCallError).failure).toBe("bad-body");
    expect((error as Error).message).toMatch(/the server's 200 reply from http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions is not JSON/);
    expect((error as ModelCallError).raw).toEqual(["<html>502 Bad Gateway</html>"]);
    expect(server.requests).toHaveLength(1);
  });

  it("a 5 MB reply: cut at the cap, kept only in part, never resent in the repair round", async () => {
    const huge = `{"chosen": 1, "rationale": "${"x".repeat(5_000_000)}"}`;
    let calls = 0;
    const server = await start(() => (++calls === 1 ? { content: huge } : { content: JSON.stringify(DECISION) }), "jsonSchema");
    const oversized = await callModel(decider(server.url), prompt, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(oversized).toBeInstanceOf(OversizedReplyError);
    expect((oversized as OversizedReplyError).raw[0].length).toBeLessThan(70 * 1024);
    expect((oversized as Error).message).toMatch(/passed the 1024 KiB reply cap/);

    calls = 0;
    const result = await callStructured(decider(server.url), prompt, DecisionReplySchema, { timeoutMs: 10_000 });
    expect(result.value).toEqual(DECISION);
    expect(result.raw[0]).toMatch(/\[linguacodus: reply cut here: over the reply cap after \d+ bytes\]$/);
    expect(result.raw[0].length).toBeLessThan(70 * 1024);
    const repair = server.requests.at(-1)!;
    expect(repair.text.length).toBeLessThan(10_000);
    expect(repair.text).toContain("Your previous reply was far too long and was discarded");
  });

  it("prices calls from the server's token counts", async () => {
    const server = await start(() => ({ content: "one two three" }));
    const reply = await callModel(decider(server.url), prompt, { timeoutMs: 10_000 });
    expect(reply.usage).toMatchObject({ inputTokens: 8, outputTokens: 3 });
    expect(reply.usage.cost).toBeCloseTo((8 * 1 + 3 * 2) / 1e6, 12);
  });
});

/** A TCP port nothing listens on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}
