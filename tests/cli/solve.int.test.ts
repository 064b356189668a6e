import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMockOpenAI, type MockOpenAI, type ScriptedReply } from "../helpers/mock-openai-server.js";
import { roleOf } from "../helpers/roles.js";
import { sharedTask } from "../helpers/tasks.js";
import { runCli, startCli } from "../helpers/cli.js";
import { BLOCKS, fenced, instructionReply, penguinsHandler } from "../fixtures/penguins-replies.js";

const penguins = sharedTask("penguins");
const suite = penguins ? describe : describe.skip;
if (!penguins) console.warn("skipping: ../shared/tasks/penguins is absent");

function replies(overrides: Record<string, ScriptedReply | ScriptedReply[]> = {}) {
  return penguinsHandler({ instructor: (req) => ({ content: instructionReply(req.text.includes("rejected") ? 9 : 1) }), ...overrides });
}

/** Reads events.jsonl as objects. */
function events(runDir: string): Array<{ node: string; status: string }> {
  return readFileSync(join(runDir, "events.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

async function waitFor(predicate: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite("linguacodus CLI (solve, review, resume) against a mock model server", () => {
  let mock: MockOpenAI;
  let root: string;
  let env: Record<string, string>;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "lc-cli-"));
  });
  afterEach(async () => {
    await mock?.close();
    rmSync(root, { recursive: true, force: true });
  });
  const start = async (handler = replies()) => {
    mock = await startMockOpenAI({ handler });
    env = { LINGUACODUS_BASE_URL: mock.url, LINGUACODUS_MODEL: "mock-model" };
  };

  it("solves a task, prints the summary and exits 0", async () => {
    await start();
    const out = join(root, "run");
    const result = await runCli(["solve", penguins!, "--out", out, "--candidates", "2"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/status:\s+succeeded/);
    expect(result.stdout).toMatch(/engine:\s+model/);
    expect(result.stdout).toMatch(/^validation: {2}0\.9\d+ \(accuracy, higher is better\)$/m);
    expect(result.stdout).toMatch(/^instruction: Random forest variant \d$/m);
    expect(result.stdout).toContain(`\nreport:      ${join(out, "report.html")}\n`);
    expect(existsSync(join(out, "report.html"))).toBe(true);
    expect(result.stdout).toMatch(/instructor 2 \(\d+\+\d+ tokens\)/);
    expect(result.stderr).toMatch(/rank-instructions/);
    expect(existsSync(join(out, "checkpoints.sqlite"))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, "run.json"), "utf8")).taskDir).toBe(penguins);
  });

  it("rejects a missing task directory before writing anything", async () => {
    const out = join(root, "never");
    const result = await runCli(["solve", join(root, "nope"), "--out", out, "--engine", "model"], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/task directory not found: .*nope/);
    expect(existsSync(out)).toBe(false);
  });

  it("says exactly what to set when no model is configured for --engine model", async () => {
    const result = await runCli(["solve", penguins!, "--out", join(root, "r"), "--engine", "model"], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No model is configured for: instructor, researcher, decider, coder, fixer/);
    expect(result.stderr).toMatch(/LINGUACODUS_BASE_URL/);
  });

  it("asks for review, regenerates candidates with feedback, then approves", async () => {
    await start();
    const out = join(root, "run");
    const result = await runCli(["solve", penguins!, "--out", out, "--candidates", "2", "--review"], env, "r\nuse fewer trees\na\n");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/instruction for review/);
    const instructor = mock.requests.filter((r) => roleOf(r) === "instructor");
    expect(instructor).toHaveLength(4);
    expect(instructor.slice(2).every((r) => r.text.includes("use fewer trees"))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, "review/answer-1.json"), "utf8"))).toEqual({
      action: "regenerate",
      feedback: "use fewer trees",
    });
    expect(existsSync(join(out, "instructions/candidate-1.2.md"))).toBe(true);
  });

  it("pauses for review without an answer and resumes with an edited instruction", async () => {
    await start();
    const out = join(root, "run");
    const paused = await runCli(["solve", penguins!, "--out", out, "--candidates", "1", "--review"], env, "");
    expect(paused.code, paused.stderr).toBe(3);
    expect(paused.stderr).toMatch(/Paused for review/);
    expect(paused.stdout).toMatch(/^status: {6}paused for review$/m);
    expect(paused.stdout).toMatch(/^instruction: Random forest variant 1$/m);
    expect(paused.stdout).toMatch(/^report: {6}none$/m);
    // Resumed without an answer (input ended), it pauses again; --json says so too.
    const again = await runCli(["resume", out, "--json"], env, "");
    expect(again.code, again.stderr).toBe(3);
    expect(JSON.parse(again.stdout)).toMatchObject({
      status: "paused_for_review",
      instructionTitle: "Random forest variant 1",
      metric: "accuracy",
      higherIsBetter: true,
      reportPath: null,
      submissionPath: null,
    });
    const edited = readFileSync(join(out, "instruction.md"), "utf8")
      .split("\n---\n")[0]
      .replace("Random forest variant 1", "Edited forest");
    writeFileSync(join(root, "edited.md"), edited);
    const resumed = await runCli(["resume", out, "--edit", join(root, "edited.md"), "--json"], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      status: "succeeded",
      instructionTitle: "Edited forest",
      higherIsBetter: true,
      reportPath: join(out, "report.html"),
    });
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8"))).toMatchObject({
      status: "succeeded",
      reportPath: join(out, "report.html"),
    });
    expect(readFileSync(join(out, "instruction.reviewed.md"), "utf8")).toMatch(/^# Edited forest/);
    const coder = mock.requests.find((r) => roleOf(r) === "coder:preprocessing");
    expect(coder?.text).toMatch(/Edited forest/);
  });

  it("resumes a run killed during execute without redoing completed steps", async () => {
    const slowTraining = `import time\ntime.sleep(4)\n${BLOCKS.training}`;
    await start(replies({ "coder:training": { content: fenced(slowTraining) } }));
    const out = join(root, "run");
    const { child, done } = startCli(["solve", penguins!, "--out", out, "--candidates", "2"], env);
    child.stdin!.end();
    await waitFor(() => existsSync(join(out, "exec/attempt-1/solution.py")), 60_000);
    process.kill(-child.pid!, "SIGKILL");
    await done;
    expect(existsSync(join(out, "exec/attempt-1.log"))).toBe(false);
    const requestsBefore = mock.requests.length;

    const resumed = await runCli(["resume", out], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(mock.requests.length).toBe(requestsBefore);
    const ok = events(out)
      .filter((e) => e.status === "ok")
      .map((e) => e.node);
    const count = (node: string) => ok.filter((n) => n === node).length;
    expect(count("rank-instructions")).toBe(2);
    for (const node of ["load-task", "profile-data", "research", "decide", "code-training", "integrate", "execute", "check", "report"]) {
      expect(count(node), node).toBe(1);
    }
    expect(readdirSync(join(out, "exec"))).toContain("attempt-1.interrupted-1");
    expect(existsSync(join(out, "submission.csv"))).toBe(true);
  });

  it("keeps a run stopped by a failing model and resumes it once the server answers", async () => {
    await start(replies({ researcher: { status: 500 } }));
    const out = join(root, "run");
    const stopped = await runCli(["solve", penguins!, "--out", out, "--candidates", "2"], env);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/The run stopped: .*role researcher.*500/);
    expect(stopped.stderr).toMatch(/linguacodus resume /);
    expect(JSON.parse(readFileSync(join(out, "stopped.json"), "utf8")).status).toBe("failed");
    await mock.close();

    await start();
    const resumed = await runCli(["resume", out], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(mock.requests.filter((r) => roleOf(r) === "instructor")).toHaveLength(0);
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).status).toBe("succeeded");
  });
});
