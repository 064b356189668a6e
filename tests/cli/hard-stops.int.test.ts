/**
 * Hard stops through the real CLI (bin/linguacodus.js) on generated tasks: SIGINT and SIGTERM
 * write stopped.json and the resume hint and record the cancel in the checkpointed state, a locked run directory refuses a second solve or
 * resume, and runs killed before their first checkpoint or left with an empty run.json continue.
 */
import { existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { linguacodusBuilder } from "../../src/graph/linguacodus/graph.js";
import type { State } from "../../src/graph/linguacodus/state.js";
import { openRunCheckpointer } from "../../src/run/checkpointer.js";
import { runCli, startCli, type CliResult } from "../helpers/cli.js";
import { tempDirs, writeFiles } from "../helpers/fakes.js";
import { binaryLabel, manyClassesFiles, plainFiles, split } from "../helpers/odd-tasks.js";

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

const OFFLINE = ["--engine", "offline"];

/** A task folder from generated files, and a run directory path beside it. */
function place(files: Record<string, string | Buffer>): { taskDir: string; runDir: string } {
  const root = dirs.make("lc-stop-");
  writeFiles(join(root, "task"), files);
  return { taskDir: join(root, "task"), runDir: join(root, "run") };
}

/** Waits until the child's stderr matches, polling. */
async function waitFor(stderr: () => string, pattern: RegExp, timeoutMs = 300_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!pattern.test(stderr())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}; stderr so far:\n${stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts `solve` and collects its stderr live. */
function startSolve(taskDir: string, runDir: string) {
  const started = startCli(["solve", taskDir, "--out", runDir, ...OFFLINE]);
  let stderr = "";
  started.child.stderr!.on("data", (d) => (stderr += d));
  return { ...started, stderr: () => stderr };
}

/** The latest checkpointed state of a run directory's thread (run.json names it). */
async function checkpointedState(runDir: string): Promise<{ values: State; next: string[] }> {
  const threadId = (JSON.parse(readFileSync(join(runDir, "run.json"), "utf8")) as { runId: string }).runId;
  const checkpointer = await openRunCheckpointer(runDir);
  try {
    const snapshot = await linguacodusBuilder.compile({ checkpointer }).getState({ configurable: { thread_id: threadId } });
    return { values: snapshot.values as State, next: [...snapshot.next] };
  } finally {
    checkpointer.db.close();
  }
}

const stopped = (runDir: string) => JSON.parse(readFileSync(join(runDir, "stopped.json"), "utf8")) as { status: string; error: string };

function expectSucceeded(result: CliResult): void {
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/^status: {6}succeeded$/m);
}

describe("stops and continues through the CLI", { timeout: 900_000 }, () => {
  it("locks the run directory, stops on SIGINT with stopped.json and the hint, then resumes", async () => {
    const { taskDir, runDir } = place(manyClassesFiles());
    const solve = startSolve(taskDir, runDir);
    await waitFor(solve.stderr, /▶ execute attempt/);
    // paused (SIGSTOP) while the other commands start: the lock is held however fast the script runs
    solve.child.kill("SIGSTOP");

    const second = await runCli(["resume", runDir]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`error: ${runDir} is in use by another linguacodus run (process ${solve.child.pid} on `);
    const again = await runCli(["solve", taskDir, "--out", runDir, ...OFFLINE]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`is in use by another linguacodus run (process ${solve.child.pid} on `);

    solve.child.kill("SIGINT"); // pending until the run continues, so it arrives before the run can finish
    solve.child.kill("SIGCONT");
    const result = await solve.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("SIGINT received: stopping the run");
    expect(result.stderr).toContain(`\ninterrupted — continue with: linguacodus resume ${runDir}\nEverything so far is kept.\n`);
    expect(stopped(runDir)).toMatchObject({ status: "interrupted", error: "stopped by SIGINT", stoppedAt: "codegen" });
    expect(existsSync(join(runDir, "run.lock"))).toBe(false);
    const state = await checkpointedState(runDir); // the thread records the cancel, never "running"
    expect(state.values).toMatchObject({ status: "failed", error: "cancelled: codegen: stopped by SIGINT" });
    expect(state.values.stopped).toMatchObject({ node: "codegen", ns: expect.stringMatching(/^codegen:/) });
    expect(state.next).toEqual([]);

    const first = startCli(["resume", runDir]);
    let firstErr = "";
    first.child.stderr!.on("data", (d) => (firstErr += d));
    await waitFor(() => firstErr, /▶ execute attempt/);
    first.child.kill("SIGSTOP");
    const concurrent = await runCli(["resume", runDir]);
    expect(concurrent.code).toBe(2);
    expect(concurrent.stderr).toContain(`error: ${runDir} is in use by another linguacodus run (process ${first.child.pid} on `);
    first.child.kill("SIGCONT");
    const resumed = await first.done;
    expectSucceeded(resumed);
    expect(resumed.stderr).not.toMatch(/^✓ (profile-data|rank-instructions|decide) /m); // finished steps are not repeated
  });

  it("stops on SIGTERM; a run.json emptied afterwards is rebuilt from task.json on resume", async () => {
    const { taskDir, runDir } = place(plainFiles(split(binaryLabel)));
    const solve = startSolve(taskDir, runDir);
    await waitFor(solve.stderr, /✓ integrate |▶ execute attempt/);
    solve.child.kill("SIGTERM");
    const result = await solve.done;
    expect(result.code).toBe(143);
    expect(result.stderr).toContain(`\nstopped by SIGTERM — continue with: linguacodus resume ${runDir}\n`);
    expect(stopped(runDir).error).toBe("stopped by SIGTERM");

    truncateSync(join(runDir, "run.json"), 0);
    const resumed = await runCli(["resume", runDir]);
    expectSucceeded(resumed);
    expect(resumed.stderr).toContain(
      `run.json in ${runDir} is empty (the run was probably killed while writing it): rebuilt it from task.json`,
    );
    expect(JSON.parse(readFileSync(join(runDir, "run.json"), "utf8")).taskDir).toBe(taskDir);
  });

  it("resumes a run killed before its first checkpoint (run.json written, nothing else)", async () => {
    const { taskDir, runDir } = place(plainFiles(split(binaryLabel)));
    writeFiles(runDir, {
      "run.json": JSON.stringify({
        runId: "20260101-000000-task-0000",
        taskDir,
        context: { engine: "offline", runDir },
        createdAt: "2026-01-01T00:00:00Z",
      }),
    });
    const resumed = await runCli(["resume", runDir]);
    expectSucceeded(resumed);
    expect(resumed.stderr).toContain("the run has no checkpoint yet (it was stopped before its first step ended): starting it again");
    expect(resumed.stderr).not.toContain("Received no input writes");
  });

  it("an empty run.json and nothing else: resume says how to start again, and solve --out starts again there", async () => {
    const { taskDir, runDir } = place(plainFiles(split(binaryLabel)));
    writeFiles(runDir, { "run.json": "" });
    const resumed = await runCli(["resume", runDir]);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toBe(
      `error: run.json in ${runDir} is empty (the run was probably killed while writing it), and the task it solves is not recorded; start it again here with: linguacodus solve <task-dir> --out ${runDir}\n`,
    );
    expectSucceeded(await runCli(["solve", taskDir, "--out", runDir, ...OFFLINE]));
    const refused = await runCli(["solve", taskDir, "--out", runDir, ...OFFLINE]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`error: ${runDir} already holds a run; continue it with: linguacodus resume ${runDir}\n`);
  });

  it("a lock left by a process that is gone is taken over", async () => {
    const { taskDir, runDir } = place(plainFiles(split(binaryLabel)));
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, "run.lock"), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), since: "2026-01-01T00:00:00Z" }));
    expectSucceeded(await runCli(["solve", taskDir, "--out", runDir, ...OFFLINE]));
    expect(existsSync(join(runDir, "run.lock"))).toBe(false);
  });
});
