import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runBench } from "../../src/bench/bench.js";
import { BenchProgress } from "../../src/bench/progress.js";
import { benchCommand } from "../../src/cli/bench-command.js";
import { makeContext } from "../../src/graph/linguacodus/context.js";
import { BenchResultsSchema, type BenchResults, type TaskResult } from "../../src/bench/result.js";
import { parseCsv } from "../../src/tools/task/csv.js";
import { startMockOpenAI, type MockOpenAI } from "../helpers/mock-openai-server.js";
import { hasSklearn } from "./helpers/python.js";
import { tinyReplies } from "./helpers/mock-replies.js";
import { CRITIQUES_REPLY } from "../fixtures/penguins-replies.js";
import { MARKERS, writeTinySuite } from "./helpers/tiny-suite.js";

if (!hasSklearn) console.warn("skipping the bench end-to-end tests: /usr/bin/python3 with pandas and scikit-learn is absent");

const readResults = (out: string): BenchResults => BenchResultsSchema.parse(JSON.parse(readFileSync(join(out, "results.json"), "utf8")));
const find = (doc: BenchResults, task: string, mode: string): TaskResult => doc.results.find((r) => r.task === task && r.mode === mode)!;

describe.runIf(hasSklearn)("bench end to end on a tiny generated suite (model engine against a mock OpenAI server)", () => {
  const root = mkdtempSync(join(tmpdir(), "lc-bench-"));
  const suite = writeTinySuite(root);
  const out = join(root, "out");
  let mock: MockOpenAI;
  const context = (url: string) =>
    makeContext({
      engine: "model",
      models: { default: { model: "mock-model", baseUrl: url } },
      modelRetries: 0,
      modelTimeoutSeconds: 20,
      execTimeoutSeconds: 60,
      maxFixes: 1,
    });

  beforeAll(async () => {
    // The Researcher fails with HTTP 500 on tiny-reg only, so tiny-reg/pipeline crashes.
    mock = await startMockOpenAI({
      handler: tinyReplies({
        researcher: (req) => (req.text.includes(MARKERS["tiny-reg"]) ? { status: 500 } : { content: CRITIQUES_REPLY }),
      }),
    });
  });
  afterAll(async () => {
    await mock?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("runs both modes two at a time, records a crash without stopping the others, and writes results.json/csv/html", async () => {
    const outcome = await runBench({
      suite,
      modes: ["pipeline", "vanilla"],
      concurrency: 2,
      out,
      resume: false,
      context: context(mock.url),
      taskTimeoutSeconds: null,
    });
    expect(outcome).toMatchObject({ ran: 4, skipped: 0, aborted: false, engine: "model", threads: 1 });
    const doc = readResults(out);
    expect(doc.results).toHaveLength(4);

    // a model error is a failed run with the error in its state (the graph no longer throws)
    const crashed = find(doc, "tiny-reg", "pipeline");
    expect(crashed).toMatchObject({ status: "failed", valid: false, score: null });
    expect(crashed.error).toMatch(/^research: model call for role researcher .*HTTP 500/);
    expect(crashed.engine).toBe("model");
    for (const [task, mode] of [
      ["tiny-cls", "pipeline"],
      ["tiny-cls", "vanilla"],
      ["tiny-reg", "vanilla"],
    ]) {
      const r = find(doc, task, mode);
      expect(r, `${task}/${mode}: ${r.error} ${r.invalidReason}`).toMatchObject({
        status: "succeeded",
        valid: true,
        engine: "model",
        invalidReason: null,
      });
      expect(r.seconds.total).toBeGreaterThan(r.seconds.execute);
      expect(r.seconds.execute).toBeGreaterThan(0);
      expect(r.usage.coder.calls).toBe(mode === "pipeline" ? 4 : 1);
      // The solver saw only public/: the run's task.json records that directory.
      expect(JSON.parse(readFileSync(join(r.runDir, "task.json"), "utf8")).dir).toBe(join(suite, task, "public"));
    }
    expect(find(doc, "tiny-cls", "pipeline").usage.instructor.calls).toBe(3);
    expect(find(doc, "tiny-cls", "pipeline").seconds.instructions).toBeGreaterThan(0);
    expect(find(doc, "tiny-cls", "vanilla").score).toBeGreaterThan(0.8);
    expect(find(doc, "tiny-cls", "vanilla").floor).toBeGreaterThan(0.3);
    expect(find(doc, "tiny-reg", "vanilla").score).toBeLessThan(0.1);
    expect(find(doc, "tiny-reg", "vanilla").direction).toBe("lower");

    // Two jobs overlapped in time.
    const spans = doc.results.map((r) => [Date.parse(r.startedAt), Date.parse(r.finishedAt)]);
    expect(spans.some((a, i) => spans.some((b, j) => i !== j && a[0] < b[1] && b[0] < a[1]))).toBe(true);

    expect(doc.totals.map((t) => [t.mode, t.tasks, t.valid])).toEqual([
      ["pipeline", 2, 1],
      ["vanilla", 2, 2],
    ]);
    const csv = parseCsv(readFileSync(join(out, "results.csv"), "utf8"), "results.csv");
    expect(csv.rows).toHaveLength(4);
    expect(csv.header).toEqual(expect.arrayContaining(["task", "mode", "status", "valid", "score", "seconds_execute", "coder_calls"]));
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain('id="chart-scores"');
    expect(html).toContain('id="chart-time"');
    // every run that wrote a report.html is linked by its path relative to the bench folder
    for (const [task, mode] of [
      ["tiny-cls", "pipeline"],
      ["tiny-cls", "vanilla"],
      ["tiny-reg", "vanilla"],
    ]) {
      expect(existsSync(join(out, "runs", task, mode, "report.html"))).toBe(true);
      expect(html).toContain(`<a class="run-report" href="runs/${task}/${mode}/report.html">`);
    }
    // no scripts and nothing fetched from the network (model errors name their server's URL as text)
    expect(html).not.toMatch(/<script|(src|href)=["']?https?:\/\/(?!www\.w3\.org)/);
  });

  it("--resume through the CLI runs only the task/mode pairs missing from results.json", async () => {
    const before = readResults(out);
    const kept = before.results.filter((r) => !(r.task === "tiny-cls" && r.mode === "vanilla"));
    writeFileSync(join(out, "results.json"), JSON.stringify({ ...before, results: kept }));
    vi.stubEnv("LINGUACODUS_MODEL", "mock-model");
    vi.stubEnv("LINGUACODUS_BASE_URL", mock.url);
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    let code: number;
    let printed: string;
    let progress: string;
    try {
      code = await benchCommand([
        suite,
        "--mode",
        "both",
        "--resume",
        "--out",
        out,
        "--engine",
        "model",
        "--concurrency",
        "2",
        "--max-fixes",
        "1",
      ]);
    } finally {
      printed = stdout.mock.calls.map((c) => String(c[0])).join("");
      progress = stderr.mock.calls.map((c) => String(c[0])).join("");
      stdout.mockRestore();
      stderr.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(code, progress).toBe(0);
    expect(printed).toMatch(/tiny-cls\s+vanilla\s+succeeded\s+yes/);
    expect(progress).toMatch(/3 task\/mode\/seed run\(s\) already in results\.json are skipped/);
    expect(progress).toMatch(/\] tiny-cls\/vanilla ▶ execute attempt 1 \(code\/solution\.v\d+\.py\)\n/);
    expect(progress).toMatch(/\] tiny-cls\/vanilla ✓ execute \d+\.\d s · score \d\.\d{4}\n/);
    expect(progress).not.toMatch(/tiny-cls\/vanilla ✓ load-task/); // a quick step gets no line in a bench

    const after = readResults(out);
    expect(after.results).toHaveLength(4);
    for (const r of kept) expect(find(after, r.task, r.mode).finishedAt).toBe(r.finishedAt);
    expect(find(after, "tiny-cls", "vanilla").valid).toBe(true);
    // The earlier run directory of the re-run pair was moved aside, not overwritten.
    expect(existsSync(join(out, "runs", "tiny-cls", "vanilla.interrupted-1", "events.jsonl"))).toBe(true);
  });

  it("runs the offline engine (no model) on the tiny suite", async () => {
    const offlineOut = join(root, "offline");
    const outcome = await runBench({
      suite,
      tasks: ["tiny-reg"],
      modes: ["pipeline"],
      concurrency: 1,
      out: offlineOut,
      resume: false,
      context: makeContext({ engine: "offline", execTimeoutSeconds: 120 }),
      taskTimeoutSeconds: null,
    });
    expect(outcome.engine).toBe("offline");
    const r = find(readResults(offlineOut), "tiny-reg", "pipeline");
    expect(r, `${r.error} ${r.invalidReason}`).toMatchObject({ status: "succeeded", valid: true, engine: "offline", usage: {} });
    expect(r.score).toBeLessThan(r.floor!);
  });

  it("drops the running task unrecorded when the bench is stopped, so --resume runs it again", async () => {
    const hung = await startMockOpenAI({ handler: tinyReplies({ vanilla: { hang: true } }) });
    try {
      const stopOut = join(root, "stopped");
      const stop = new AbortController();
      const outcome = await runBench({
        suite,
        modes: ["vanilla"],
        concurrency: 1,
        out: stopOut,
        resume: false,
        context: context(hung.url),
        taskTimeoutSeconds: null,
        signal: stop.signal,
        progress: () => {
          setTimeout(() => stop.abort(), 1500);
          return new BenchProgress(2, { write: () => true });
        },
      });
      expect(outcome).toMatchObject({ aborted: true, ran: 0 });
      expect(readResults(stopOut).results).toEqual([]);
      expect(existsSync(join(stopOut, "report.html"))).toBe(true);
    } finally {
      await hung.close();
    }
  });

  it("records a run that outlives --task-timeout as timeout", async () => {
    const hung = await startMockOpenAI({ handler: tinyReplies({ vanilla: { hang: true } }) });
    try {
      const timeoutOut = join(root, "timeout");
      await runBench({
        suite,
        tasks: ["tiny-cls"],
        modes: ["vanilla"],
        concurrency: 1,
        out: timeoutOut,
        resume: false,
        context: context(hung.url),
        taskTimeoutSeconds: 3,
      });
      const r = find(readResults(timeoutOut), "tiny-cls", "vanilla");
      expect(r).toMatchObject({ status: "timeout", valid: false, score: null });
      expect(r.error).toMatch(/longer than 3 s/);
    } finally {
      await hung.close();
    }
  });
});
