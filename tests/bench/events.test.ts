import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readRunEvents, stageOf } from "../../src/bench/events.js";

const dir = mkdtempSync(join(tmpdir(), "lc-events-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An events.jsonl line for a step that ended `endS` seconds after t0 and took `ms`. */
const line = (node: string, endS: number, ms: number, usage?: object) =>
  JSON.stringify({ at: new Date(Date.UTC(2026, 0, 1) + endS * 1000).toISOString(), node, ms, status: "ok", ...(usage ? { usage } : {}) });

describe("events.jsonl → stage seconds and usage", () => {
  it("maps nodes to stages", () => {
    expect(
      ["load-task", "rank-instructions", "decide", "code-vanilla", "code-model", "integrate", "execute", "check", "fix", "report"].map(
        stageOf,
      ),
    ).toEqual(["prepare", "instructions", "instructions", "codegen", "codegen", "codegen", "execute", "check", "fix", "other"]);
  });

  it("counts overlapping steps once, sums usage per role and counts fixes", async () => {
    writeFileSync(
      join(dir, "events.jsonl"),
      [
        line("load-task", 1, 1000),
        line("rank-instructions", 5, 4000, { instructor: { calls: 1, inputTokens: 100, outputTokens: 50 } }),
        line("rank-instructions", 6, 4000, { instructor: { calls: 1, inputTokens: 100, outputTokens: 60 } }),
        line("research", 8, 2000, { researcher: { calls: 1, inputTokens: 300, outputTokens: 20, cost: 0.001 } }),
        line("decide", 8, 500, { researcher: { calls: 1, inputTokens: 1, outputTokens: 1, cost: 0.002 } }),
        "not json",
        line("execute", 12, 3000),
        line("fix", 13, 1000, { fixer: { calls: 1, inputTokens: 10, outputTokens: 5 } }),
        line("execute", 15, 2000),
        "",
      ].join("\n"),
    );
    const summary = await readRunEvents(dir);
    expect(summary.stages).toMatchObject({ prepare: 1, instructions: 7, execute: 5, fix: 1, codegen: 0 });
    expect(summary.usage).toEqual({
      instructor: { calls: 2, inputTokens: 200, outputTokens: 110, cost: null },
      researcher: { calls: 2, inputTokens: 301, outputTokens: 21, cost: 0.003 },
      fixer: { calls: 1, inputTokens: 10, outputTokens: 5, cost: null },
    });
    expect(summary.fixes).toBe(1);
  });

  it("gives an empty summary when a run has no events.jsonl", async () => {
    const summary = await readRunEvents(join(dir, "missing"));
    expect(Object.values(summary.stages).every((s) => s === 0)).toBe(true);
    expect(summary.usage).toEqual({});
  });
});
