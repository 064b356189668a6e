import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { Client } from "@langchain/langgraph-sdk";
import { Command, MemorySaver } from "@langchain/langgraph";
import { RemoteGraph } from "@langchain/langgraph/remote";
import { remoteParent } from "../../examples/remote-review/graph.js";
import { startMockOpenAI, type MockOpenAI } from "../helpers/mock-openai-server.js";
import { roleOf } from "../helpers/roles.js";
import { sharedTask } from "../helpers/tasks.js";
import { startLangGraphServer, type LangGraphServer } from "../helpers/langgraph-server.js";
import { BLOCKS, fenced, penguinsHandler } from "../fixtures/penguins-replies.js";
import type { ReviewRequest } from "../../src/graph/linguacodus/state.js";
import type { State } from "../../src/graph/linguacodus/state.js";
import { parseProgressEvent, type ProgressEvent } from "../../src/types/progress-events.js";

const penguins = sharedTask("penguins");
if (!penguins) console.warn("skipping the runs over the API: ../shared/tasks/penguins is absent");

/** The main graph's output fields. */
const OUTPUT_KEYS = [
  "error",
  "higherIsBetter",
  "instructionTitle",
  "metric",
  "reportPath",
  "runDir",
  "status",
  "submissionPath",
  "validationScore",
];

/** Resolves once `predicate` holds, polling. */
async function waitFor(predicate: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Replies of a healthy run: every block works the first time. */
const replies = penguinsHandler();

describe("langgraphjs dev server (the API LangGraph Studio uses) driven with @langchain/langgraph-sdk", () => {
  let server: LangGraphServer;
  let mock: MockOpenAI;
  let client: Client;
  let runsDir: string;
  const context = (extra: Record<string, unknown> = {}) => ({
    models: { default: { model: "mock-model", baseUrl: mock.url } },
    modelRetries: 0,
    candidates: 2,
    runsDir,
    ...extra,
  });

  beforeAll(async () => {
    runsDir = mkdtempSync(join(tmpdir(), "lc-server-runs-"));
    [server, mock] = await Promise.all([startLangGraphServer(), startMockOpenAI({ handler: replies })]);
    client = new Client({ apiUrl: server.url });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await mock?.close();
    rmSync(runsDir, { recursive: true, force: true });
  });

  it("registers the three graphs of langgraph.json as assistants", async () => {
    const assistants = await client.assistants.search({ limit: 10 });
    expect(assistants.map((a) => a.graph_id).sort()).toEqual(["codegen", "instructions", "linguacodus"]);
  });

  it("serves input, state and context schemas for every graph; the context form has per-role model settings", async () => {
    for (const assistant of await client.assistants.search({ limit: 10 })) {
      const schemas = await client.assistants.getSchemas(assistant.assistant_id);
      // Every input form asks only for the task (and optionally where the run goes; codegen also takes the instruction to implement), and says what taskDir is.
      const input = schemas.input_schema as { properties: Record<string, { description?: string }> };
      const inputKeys = assistant.graph_id === "codegen" ? ["instruction", "runDir", "runId", "taskDir"] : ["runDir", "runId", "taskDir"];
      expect(Object.keys(input.properties).sort(), assistant.graph_id).toEqual(inputKeys);
      expect(input.properties.taskDir.description, assistant.graph_id).toMatch(/^Path of the task directory/);
      if (assistant.graph_id === "linguacodus") {
        // Its output is the run's answer, every field described.
        const output = schemas.output_schema as { properties: Record<string, { description?: string }> };
        expect(Object.keys(output.properties).sort()).toEqual(OUTPUT_KEYS);
        for (const key of OUTPUT_KEYS) expect(output.properties[key].description, key).toBeTruthy();
      }
      expect(schemas.state_schema?.properties, assistant.graph_id).toHaveProperty("submissionPath");
      const contextSchema = schemas.context_schema as {
        properties: Record<string, { properties?: Record<string, { properties?: object }> }>;
      };
      expect(Object.keys(contextSchema.properties), assistant.graph_id).toEqual(
        expect.arrayContaining(["candidates", "review", "runsDir", "models"]),
      );
      for (const role of ["default", "instructor", "researcher", "decider", "coder", "fixer"]) {
        expect(contextSchema.properties.models.properties?.[role]?.properties, `${assistant.graph_id} ${role}`).toHaveProperty("baseUrl");
        expect(contextSchema.properties.models.properties?.[role]?.properties, `${assistant.graph_id} ${role}`).toHaveProperty("model");
      }
    }
  });

  it.skipIf(!penguins)("runs linguacodus on penguins, streaming updates and progress events, and writes the run directory", async () => {
    const thread = await client.threads.create();
    const seen = new Set<string>();
    const progress: ProgressEvent[] = [];
    const stream = client.runs.stream(thread.thread_id, "linguacodus", {
      input: { taskDir: penguins! },
      context: context(),
      streamMode: ["updates", "custom"],
      streamSubgraphs: true,
    });
    for await (const chunk of stream) {
      expect(chunk.event, JSON.stringify(chunk.data)).not.toBe("error");
      if (chunk.event.startsWith("updates")) Object.keys(chunk.data as object).forEach((node) => seen.add(node));
      const event = chunk.event.startsWith("custom") ? parseProgressEvent(chunk.data) : null;
      if (event) progress.push(event);
    }
    // the custom stream carries the progress events: steps with their times, the script's run with its stdout in between
    expect(progress.find((e) => e.event === "node-end" && e.node === "profile-data")).toMatchObject({
      status: "ok",
      ms: expect.any(Number),
    });
    const kinds = progress.map((e) => e.event).filter((e) => e.startsWith("exec-") || e === "stdout");
    expect(kinds[0]).toBe("exec-start");
    expect(kinds.indexOf("stdout")).toBeGreaterThan(0);
    expect(kinds.indexOf("stdout")).toBeLessThan(kinds.indexOf("exec-end"));
    for (const node of [
      "load-task",
      "profile-data",
      "instructions",
      "review",
      "codegen",
      "rank-instructions",
      "research",
      "decide",
      "code-preprocessing",
      "integrate",
      "execute",
      "check",
      "report",
    ]) {
      expect(seen, node).toContain(node);
    }

    const state = await client.threads.getState<State>(thread.thread_id);
    expect(state.next).toEqual([]);
    expect(state.values.status).toBe("succeeded");
    expect(state.values.candidates.map((c) => c.rank)).toEqual([1, 2]);
    expect(state.values.runDir).toBe(join(runsDir, thread.thread_id));
    expect(existsSync(state.values.submissionPath!)).toBe(true);
    for (const file of [
      "task.json",
      "profile.md",
      "instructions/candidate-2.md",
      "critique.md",
      "decision.json",
      "instruction.md",
      "code/solution.v1.py",
      "exec/attempt-1.log",
      "submission.csv",
      "summary.json",
      "report.md",
      "events.jsonl",
    ]) {
      expect(existsSync(join(state.values.runDir!, file)), file).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(state.values.runDir!, "summary.json"), "utf8")).status).toBe("succeeded");
  });

  it.skipIf(!penguins)("stops at the review interrupt and resumes with an edited instruction over the API", async () => {
    const thread = await client.threads.create();
    const reviewContext = context({ review: true });
    await client.runs.wait(thread.thread_id, "linguacodus", { input: { taskDir: penguins! }, context: reviewContext });

    const paused = await client.threads.get<State>(thread.thread_id);
    expect(paused.status).toBe("interrupted");
    const request = Object.values(paused.interrupts).flat()[0]?.value as ReviewRequest | undefined;
    expect(request?.kind).toBe("review");
    expect(request?.markdown).toMatch(/^# Random forest variant 1\n/);
    // The same interrupt in the Agent Inbox shape.
    expect(request?.action_request).toEqual({ action: "review_instruction", args: { instruction: request?.markdown } });
    expect(request?.config).toEqual({ allow_accept: true, allow_edit: true, allow_respond: true, allow_ignore: false });
    expect(request?.description).toContain("**Rationale:**");
    const pausedState = await client.threads.getState<State>(thread.thread_id);
    expect(pausedState.next).toEqual(["review"]);
    expect(pausedState.values.submissionPath).toBeNull();

    const edited = request!.markdown.replace("Random forest variant 1", "Edited forest");
    const output = await client.runs.wait(thread.thread_id, "linguacodus", {
      command: { resume: { action: "edit", instruction: edited } },
      context: reviewContext,
    });
    // runs.wait answers the last streamed values, which hold the output fields (LangGraph.js filters to the output schema in invoke, not in stream).
    expect(Object.keys(output as object)).toEqual(expect.arrayContaining(OUTPUT_KEYS));
    expect(output).toMatchObject({
      status: "succeeded",
      instructionTitle: "Edited forest",
      metric: "accuracy",
      higherIsBetter: true,
      error: null,
    });
    const answer = output as { runDir: string; reportPath: string; validationScore: number };
    expect(answer.reportPath).toBe(join(answer.runDir, "report.html"));
    expect(existsSync(answer.reportPath)).toBe(true);
    expect(answer.validationScore).toBeGreaterThan(0.9);

    const final = await client.threads.getState<State>(thread.thread_id);
    expect((await client.threads.get(thread.thread_id)).status).toBe("idle");
    expect(final.values.status).toBe("succeeded");
    expect(final.values.instruction?.title).toBe("Edited forest");
    expect(final.values.reviewAnswer?.action).toBe("edit");
    expect(existsSync(final.values.submissionPath!)).toBe(true);
    const runDir = final.values.runDir!;
    expect(readFileSync(join(runDir, "instruction.reviewed.md"), "utf8")).toMatch(/^# Edited forest\n/);
    expect(JSON.parse(readFileSync(join(runDir, "review/answer-1.json"), "utf8")).action).toBe("edit");
    const coder = mock.requests.filter((r) => roleOf(r) === "coder:preprocessing").at(-1);
    expect(coder?.text).toMatch(/Edited forest/);
  });

  it.skipIf(!penguins)(
    "a run cancelled mid-execute leaves the thread failed and stopped; a run with a null input continues it",
    async () => {
      // The script marks its work dir once it runs, then sleeps in the sandbox: the cancel comes while it sleeps.
      const sleepy = `import time\nopen("started", "w").close()\ntime.sleep(8)\n${BLOCKS.training}`;
      const slow = await startMockOpenAI({ handler: penguinsHandler({ "coder:training": { content: fenced(sleepy) } }) });
      try {
        const slowContext = context({ models: { default: { model: "mock-model", baseUrl: slow.url } } });
        const thread = await client.threads.create();
        const run = await client.runs.create(thread.thread_id, "linguacodus", { input: { taskDir: penguins! }, context: slowContext });
        const runDir = join(runsDir, thread.thread_id);
        await waitFor(() => existsSync(join(runDir, "exec/attempt-1/started")), 120_000);
        await client.runs.cancel(thread.thread_id, run.run_id); // action "interrupt", the default
        await client.runs.join(thread.thread_id, run.run_id);
        expect((await client.runs.get(thread.thread_id, run.run_id)).status).toBe("interrupted");

        const cancelled = await client.threads.getState<State>(thread.thread_id);
        expect(cancelled.values.status).toBe("failed");
        expect(cancelled.values.error).toBe("cancelled: codegen: interrupt");
        expect(cancelled.values.stopped?.node).toBe("codegen");
        expect(cancelled.values.stopped?.ns).toMatch(/^codegen:/);
        expect(cancelled.next).toEqual([]);

        const asked = slow.requests.length;
        await client.runs.wait(thread.thread_id, "linguacodus", { input: null, context: slowContext });
        const final = await client.threads.getState<State>(thread.thread_id);
        expect(final.values).toMatchObject({ status: "succeeded", error: null, stopped: null });
        expect(existsSync(final.values.submissionPath!)).toBe(true);
        expect(slow.requests.length).toBe(asked); // the codegen subgraph continued in place: no model step was redone
        const executes = readFileSync(join(runDir, "events.jsonl"), "utf8")
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line) as { node: string; status: string })
          .filter((e) => e.node === "execute");
        expect(executes.map((e) => e.status)).toEqual(["cancelled", "ok"]);
      } finally {
        await slow.close();
      }
    },
  );

  it.skipIf(!penguins)("an assistant created with the context serves runs and resumes (an Agent Inbox accept) that pass none", async () => {
    const assistant = await client.assistants.create({
      graphId: "linguacodus",
      name: "penguins-mock",
      context: context({ review: true, candidates: 1 }),
    });
    const thread = await client.threads.create();
    await client.runs.wait(thread.thread_id, assistant.assistant_id, { input: { taskDir: penguins! } });
    expect((await client.threads.get(thread.thread_id)).status).toBe("interrupted");
    // Answered as Agent Inbox answers: a one-element list of HumanResponse.
    await client.runs.wait(thread.thread_id, assistant.assistant_id, { command: { resume: [{ type: "accept", args: null }] } });
    const final = await client.threads.getState<State>(thread.thread_id);
    expect(final.values.status).toBe("succeeded");
    expect(final.values.candidates).toHaveLength(1);
    expect(final.values.reviewAnswer).toEqual({ action: "approve" });
  });

  it.skipIf(!penguins)(
    "a parent graph resumes the review through RemoteGraph: each answer goes to the remote thread, a regenerate asks again",
    async () => {
      const remote = new RemoteGraph({ graphId: "linguacodus", url: server.url });
      const parent = remoteParent(remote, { context: context({ engine: "offline", review: true, candidates: 1 }) }, new MemorySaver());
      const thread = randomUUID(); // the server takes UUID thread ids; the remote thread is the parent's
      const config = { configurable: { thread_id: thread } };
      const requestOf = async () => {
        const snapshot = await parent.getState(config);
        return snapshot.tasks.flatMap((t) => t.interrupts).map((i) => i.value as ReviewRequest)[0];
      };

      await parent.invoke({ taskDir: penguins! }, config);
      expect((await requestOf())?.kind).toBe("review");
      expect((await client.threads.get(thread)).status).toBe("interrupted");

      // regenerate: the remote writes new candidates and asks again; the parent pauses again
      await parent.invoke(new Command({ resume: { action: "regenerate", feedback: "prefer trees" } }), config);
      expect((await requestOf())?.kind).toBe("review");
      const asked = await client.threads.getState<State>(thread);
      expect(asked.values.reviewRounds).toBe(1);

      const final = await parent.invoke(new Command({ resume: { action: "approve" } }), config);
      expect(final.result).toMatchObject({ status: "succeeded" });
      expect(await requestOf()).toBeUndefined();
      const remoteState = await client.threads.getState<State>(thread);
      expect(remoteState.values.reviewAnswer).toEqual({ action: "approve" });
      expect(remoteState.values.status).toBe("succeeded");
    },
    300_000,
  );
});
