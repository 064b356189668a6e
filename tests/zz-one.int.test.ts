import { it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { graph } from "../src/graph/linguacodus/graph.js";
import { makeContext } from "../src/graph/linguacodus/context.js";
import { startMockOpenAI } from "./helpers/mock-openai-server.js";
import { sharedTask } from "./helpers/tasks.js";
import { BLOCKS, fenced, instructionReply, penguinsHandler, requestedRank } from "./fixtures/penguins-replies.js";
it("one", async () => {
  const mock = await startMockOpenAI({
    handler: penguinsHandler({
      instructor: (req) => ({ content: instructionReply(requestedRank(req.text)) }),
      "coder:submission": { content: fenced(BLOCKS.brokenSubmission) },
    }),
  });
  const runDir = join(mkdtempSync(join(tmpdir(), "lc-run-")), "run");
  const final = await graph.invoke(
    { taskDir: sharedTask("penguins")! },
    { context: makeContext({ models: { default: { model: "mock-model", baseUrl: mock.url } }, modelRetries: 0, runDir }) },
  );
  console.log(final.status, final.error, final.stopped, final.environmentError);
  console.log(readFileSync(join(runDir, "events.jsonl"), "utf8"));
  await mock.close();
});
