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
import { roleOf } from "../helpers/roles.js";
import type { ReviewRequest } from "../../src/graph/linguacodus/state.js";

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
    expect((await graph.getState(config)).values.reviewAnswer).toEqual({ action: "approve" });
    expect(existsSync(join(root, "run", "review/answer-1.json"))).toBe(true);
  });

  it("is also an Agent Inbox interrupt, and takes Agent Inbox replies: respond (new candidates), then edit", async () => {
    const graph = linguacodusBuilder.compile({ checkpointer: new MemorySaver() });
    const config = {
      configurable: { thread_id: "review-inbox" },
      context: makeContext({
        models: { default: { model: "m", baseUrl: mock.url } },
        modelRetries: 0,
        candidates: 1,
        review: true,
        runDir: join(root, "run"),
      }),
    };
    await graph.invoke({ taskDir: penguins! }, config);
    const first = (await graph.getState(config)).tasks[0].interrupts[0].value as ReviewRequest;
    expect(first.kind).toBe("review");
    expect(first.action_request).toEqual({ action: "review_instruction", args: { instruction: first.markdown } });
    expect(first.config).toEqual({ allow_accept: true, allow_edit: true, allow_respond: true, allow_ignore: false });
    expect(first.description).toContain("**Rationale:**");

    await graph.invoke(new Command({ resume: [{ type: "response", args: "use fewer trees" }] }), config);
    const second = await graph.getState(config);
    expect(second.values.reviewRounds).toBe(1);
    expect(second.values.reviewAnswer).toEqual({ action: "regenerate", feedback: "use fewer trees" });
    const instructor = mock.requests.filter((r) => roleOf(r) === "instructor");
    expect(instructor).toHaveLength(2);
    expect(instructor[1].text).toContain("use fewer trees");

    const request = second.tasks[0].interrupts[0].value as ReviewRequest;
    const edited = String(request.action_request.args.instruction).replace(/^# .+$/m, "# Edited forest");
    const final = await graph.invoke(
      new Command({ resume: [{ type: "edit", args: { action: "review_instruction", args: { instruction: edited } } }] }),
      config,
    );
    expect(final.status).toBe("succeeded");
    expect(final.instructionTitle).toBe("Edited forest");
    expect(existsSync(join(root, "run", "instruction.reviewed.md"))).toBe(true);
  });
});
