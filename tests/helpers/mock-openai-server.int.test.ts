import { ChatOpenAI, OpenAI } from "@langchain/openai";
import type { AIMessageChunk } from "@langchain/core/messages";
import { afterEach, describe, expect, it } from "vitest";
import { byRole, scripted, startMockOpenAI, type MockHandler, type MockOpenAI } from "./mock-openai-server.js";

let mock: MockOpenAI | null = null;

afterEach(async () => {
  await mock?.close();
  mock = null;
});

/** Starts a mock with the given handler and remembers it for cleanup. */
async function start(handler: MockHandler): Promise<MockOpenAI> {
  mock = await startMockOpenAI({ handler });
  return mock;
}

/** A ChatOpenAI pointed at the mock. */
function chat(server: MockOpenAI, extra: { timeout?: number } = {}): ChatOpenAI {
  return new ChatOpenAI({ model: "mock", apiKey: "test", maxRetries: 0, configuration: { baseURL: server.url }, ...extra });
}

describe("mock OpenAI server with ChatOpenAI", () => {
  it("listens on 127.0.0.1 and answers a chat call with usage metadata", async () => {
    const server = await start(() => ({ content: "hello from the mock" }));
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const reply = await chat(server).invoke([
      ["system", "You are terse"],
      ["human", "Say hi please"],
    ]);
    expect(reply.content).toBe("hello from the mock");
    expect(reply.usage_metadata).toMatchObject({ input_tokens: 6, output_tokens: 4, total_tokens: 10 });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({
      path: "/v1/chat/completions",
      model: "mock",
      stream: false,
      prompt: null,
      status: 200,
      messages: [
        { role: "system", content: "You are terse" },
        { role: "user", content: "Say hi please" },
      ],
    });
    expect(request.finishedAt).not.toBeNull();
    expect(request.finishedAt ?? 0).toBeGreaterThanOrEqual(request.arrivedAt);
  });

  it("streams SSE chunks and a final usage chunk when stream_options asks for it", async () => {
    const server = await start(() => ({ content: "alpha beta gamma" }));
    const chunks: AIMessageChunk[] = [];
    for await (const chunk of await chat(server).stream("count to three")) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    const merged = chunks.reduce((all, chunk) => all.concat(chunk));
    expect(merged.content).toBe("alpha beta gamma");
    expect(merged.usage_metadata).toMatchObject({ input_tokens: 3, output_tokens: 3, total_tokens: 6 });
    expect(server.requests[0].stream).toBe(true);
    expect(server.requests[0].body.stream_options).toEqual({ include_usage: true });
  });

  it("surfaces a 500 as an error without retrying", async () => {
    const server = await start(() => ({ status: 500 }));
    await expect(chat(server).invoke("hi")).rejects.toThrow(/500/);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].status).toBe(500);
  });

  it("lets ChatOpenAI's timeout cut a hanging request", async () => {
    const server = await start(() => ({ hang: true }));
    const started = performance.now();
    await expect(chat(server, { timeout: 300 }).invoke("hi")).rejects.toThrow(/timed out|timeout|abort/i);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(5_000);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].status).toBeNull();
  });

  it("sees three concurrent calls overlap", async () => {
    const server = await start((request) => ({ content: `echo: ${request.text}`, delayMs: 250 }));
    const model = chat(server);
    const replies = await Promise.all(["one", "two", "three"].map((text) => model.invoke(text)));
    expect(replies.map((reply) => reply.content)).toEqual(["echo: one", "echo: two", "echo: three"]);
    expect(server.maxConcurrent).toBe(3);
    const lastArrival = Math.max(...server.requests.map((request) => request.arrivedAt));
    const firstFinish = Math.min(...server.requests.map((request) => request.finishedAt ?? Infinity));
    expect(lastArrival).toBeLessThan(firstFinish);
  });

  it("routes by role with byRole and answers scripted replies in order", async () => {
    const server = await start(
      byRole((request) => (request.text.includes("You write code") ? "coder" : "critic"), {
        coder: [{ content: "first draft" }, (request) => ({ content: `second draft after ${request.messages?.length} messages` })],
        critic: { content: "looks fine" },
      }),
    );
    const model = chat(server);
    expect(
      (
        await model.invoke([
          ["system", "You write code"],
          ["human", "go"],
        ])
      ).content,
    ).toBe("first draft");
    expect((await model.invoke("review this")).content).toBe("looks fine");
    expect(
      (
        await model.invoke([
          ["system", "You write code"],
          ["human", "again"],
        ])
      ).content,
    ).toBe("second draft after 2 messages");
    expect((await model.invoke("review again")).content).toBe("looks fine");
    await expect(
      model.invoke([
        ["system", "You write code"],
        ["human", "third"],
      ]),
    ).rejects.toThrow(/no reply left/);
  });
});

describe("mock OpenAI server with the OpenAI completions class", () => {
  it("answers legacy text completions, one choice per prompt, with token usage", async () => {
    const server = await start(scripted([{ content: "first answer" }, (request) => ({ content: `answer to ${request.prompt}` })]));
    const llm = new OpenAI({ model: "mock", apiKey: "test", maxRetries: 0, configuration: { baseURL: server.url } });
    const result = await llm.generate(["[INST] one [/INST]", "[INST] two [/INST]"]);
    expect(result.generations.map((generation) => generation[0].text)).toEqual(["first answer", "answer to [INST] two [/INST]"]);
    expect(result.llmOutput?.tokenUsage).toEqual({ promptTokens: 6, completionTokens: 7, totalTokens: 13 });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      path: "/v1/completions",
      model: "mock",
      messages: null,
      prompts: ["[INST] one [/INST]", "[INST] two [/INST]"],
      status: 200,
    });
  });

  it("streams legacy completions", async () => {
    const server = await start(() => ({ content: "streamed text reply" }));
    const llm = new OpenAI({ model: "mock", apiKey: "test", maxRetries: 0, configuration: { baseURL: server.url } });
    const pieces: string[] = [];
    for await (const piece of await llm.stream("<s>[INST] hi [/INST]")) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join("")).toBe("streamed text reply");
    expect(server.requests[0]).toMatchObject({ path: "/v1/completions", stream: true, prompt: "<s>[INST] hi [/INST]" });
  });
});

describe("mock OpenAI server lifecycle", () => {
  it("close() ends hanging requests and the server promptly", async () => {
    const server = await start(() => ({ hang: true }));
    const outcome = fetch(`${server.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "mock", messages: [{ role: "user", content: "hi" }] }),
    }).then(
      (response) => `answered ${response.status}`,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    await waitFor(() => server.requests.length === 1);
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await outcome).toBe("fetch failed");
    expect(server.requests[0].status).toBeNull();
    expect(server.requests[0].finishedAt).not.toBeNull();
    await expect(fetch(`${server.url}/chat/completions`, { method: "POST", body: "{}" })).rejects.toThrow();
  });

  it("answers unknown paths with 404 and bad JSON with 400", async () => {
    const server = await start(() => ({ content: "unused" }));
    const missing = await fetch(`${server.url}/embeddings`, { method: "POST", body: "{}" });
    expect(missing.status).toBe(404);
    const bad = await fetch(`${server.url}/chat/completions`, { method: "POST", body: "not json" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: { message: "request body is not a JSON object", type: "server_error", param: null, code: null },
    });
    expect(server.requests.map((request) => request.status)).toEqual([404, 400]);
  });
});

/** Polls until a condition holds (at most 2 s). */
async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = performance.now() + 2_000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("waitFor: condition never held");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
