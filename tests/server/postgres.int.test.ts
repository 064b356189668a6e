import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "@langchain/langgraph";
import { linguacodusBuilder } from "../../src/graph/linguacodus/graph.js";
import { makeContext } from "../../src/graph/linguacodus/context.js";
import { createPostgresCheckpointer } from "../../src/run/postgres-checkpointer.js";
import type { ReviewRequest } from "../../src/graph/linguacodus/state.js";
import { startMockOpenAI, type MockOpenAI } from "../helpers/mock-openai-server.js";
import { roleOf } from "../helpers/roles.js";
import { sharedTask } from "../helpers/tasks.js";
import { postgresForSuite } from "../helpers/postgres.js";
import { penguinsHandler } from "../fixtures/penguins-replies.js";

const penguins = sharedTask("penguins");
if (!penguins) console.warn("skipping the Postgres-checkpointed run: ../shared/tasks/penguins is absent");

const replies = penguinsHandler();

describe("Postgres checkpointer on a real PostgreSQL", () => {
  const pg = postgresForSuite();

  it("creates the checkpoint tables, idempotently", async (ctx) => {
    if (!pg.server) return ctx.skip(pg.unavailable);
    for (let round = 0; round < 2; round++) await (await createPostgresCheckpointer(pg.server.url)).end();
    expect(pg.server.sql("select string_agg(tablename, ',' order by tablename) from pg_tables where schemaname = 'public'")).toBe(
      "checkpoint_blobs,checkpoint_migrations,checkpoint_writes,checkpoints",
    );
  });

  it.skipIf(!penguins)("pauses for review, then a second connection resumes the thread from Postgres alone", async (ctx) => {
    if (!pg.server) return ctx.skip(pg.unavailable);
    const mock: MockOpenAI = await startMockOpenAI({ handler: replies });
    const root = mkdtempSync(join(tmpdir(), "lc-pg-run-"));
    const context = makeContext({
      models: { default: { model: "mock-model", baseUrl: mock.url } },
      modelRetries: 0,
      candidates: 1,
      review: true,
      runDir: join(root, "run"),
    });
    const config = { configurable: { thread_id: "penguins-review" }, context };
    try {
      const first = await createPostgresCheckpointer(pg.server.url);
      const paused = await linguacodusBuilder.compile({ checkpointer: first }).invoke({ taskDir: penguins! }, config);
      expect(paused.submissionPath).toBeNull();
      await first.end();
      const rows = Number(pg.server.sql("select count(*) from checkpoints where thread_id = 'penguins-review'"));
      expect(rows).toBeGreaterThan(3);

      const second = await createPostgresCheckpointer(pg.server.url);
      const graph = linguacodusBuilder.compile({ checkpointer: second });
      const snapshot = await graph.getState(config);
      expect(snapshot.next).toEqual(["review"]);
      const request = snapshot.tasks.flatMap((t) => t.interrupts)[0]?.value as ReviewRequest | undefined;
      expect(request?.kind).toBe("review");
      const edited = request!.markdown.replace("Random forest variant 1", "Edited forest");
      const final = await graph.invoke(new Command({ resume: { action: "edit", instruction: edited } }), config);
      await second.end();

      expect(final.status).toBe("succeeded");
      expect(final.instructionTitle).toBe("Edited forest");
      expect(existsSync(final.submissionPath!)).toBe(true);
      expect(readFileSync(join(context.runDir!, "instruction.reviewed.md"), "utf8")).toMatch(/^# Edited forest\n/);
      expect(mock.requests.filter((r) => roleOf(r) === "instructor")).toHaveLength(1);
      expect(Number(pg.server.sql("select count(*) from checkpoints where thread_id = 'penguins-review'"))).toBeGreaterThan(rows);
    } finally {
      await mock.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
