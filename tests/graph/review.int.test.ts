import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, MemorySaver } from "@langchain/langgraph";
import { linguacodusBuilder } from "../../src/graph/linguacodus/graph.js";
import { makeContext } from "../../src/graph/linguacodus/context.js";
import { startMockOpenAI, type MockOpenAI } from "../helpers/mock-openai-server.js";
import { sharedTask } from "../helpers/tasks.js";
import { penguinsHandler } from "../fixtures/penguins-replies.js";

const penguins = sharedTask("penguins");
const suite = penguins ? describe : describe.skip;
if (!penguins) console.warn("skipping: ../shared/tasks/penguins is absent");

suite("human review interrupt", () => {
  let mock: MockOpenAI;
  let root: string;
  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), "lc-review-"));
    mock = await startMockOpenAI({
      handler: penguinsHandler(),
    });
  });
  afterEach(async () => {
    await mock.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("asks again after an invalid answer instead of failing the thread", async () => {
    const graph = linguacodusBuilder.compile({ checkpointer: new MemorySaver() });
    const config = {
      configurable: { thread_id: "review-1" },
      context: makeContext({
        models: { default: { model: "m", baseUrl: mock.url } },
        modelRetries: 0,
        candidates: 1,
        review: true,
        runDir: join(root, "run"),
      }),
    };
    await graph.invoke({ taskDir: penguins! }, config);
    const first = await graph.getState(config);
    expect(first.next).toEqual(["review"]);
    expect(first.tasks[0].interrupts[0].value).toMatchObject({
      kind: "review",
      markdown: expect.stringMatching(/^# Random forest variant 1/),
    });

    await graph.invoke(new Command({ resume: { action: "maybe" } }), config);
    const second = await graph.getState(config);
    expect(second.tasks.map((t) => t.name)).toEqual(["review"]);
    expect(second.tasks[0].interrupts[0].value).toMatchObject({ problem: expect.stringMatching(/invalid review answer/) });

    await graph.invoke(new Command({ resume: { action: "edit", instruction: "no sections here" } }), config);
    const third = await graph.getState(config);
    expect(third.tasks[0].interrupts[0].value).toMatchObject({ problem: expect.stringMatching(/edited instruction does not parse/) });

    const final = await graph.invoke(new Command({ resume: { action: "approve" } }), config);
    expect(final.status).toBe("succeeded");
    expect(final.reviewAnswer).toEqual({ action: "approve" });
    expect(existsSync(join(root, "run", "review/answer-1.json"))).toBe(true);
  });
});
