/**
 * Ctrl-C through the real CLI (bin/linguacodus.js) as a terminal sends it: SIGINT to the whole
 * process group (the CLI and the script it runs). The run ends cleanly, says how to continue,
 * exits 130, leaves no process behind, and resumes to the end.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, startCli } from "../helpers/cli.js";
import { tempDirs, writeFiles } from "../helpers/fakes.js";
import { binaryLabel, manyClassesFiles, plainFiles, split } from "../helpers/odd-tasks.js";
import { writeTinySuite } from "../bench/helpers/tiny-suite.js";

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

/** A task folder from generated files, and a run directory path beside it. */
function place(files: Record<string, string | Buffer>): { taskDir: string; runDir: string } {
  const root = dirs.make("lc-ctrl-c-");
  writeFiles(join(root, "task"), files);
  return { taskDir: join(root, "task"), runDir: join(root, "run") };
}

/** Starts the CLI and collects its stderr live. */
function start(args: string[]) {
  const started = startCli(args);
  let stderr = "";
  started.child.stderr!.on("data", (d) => (stderr += d));
  return { ...started, stderr: () => stderr };
}

/** Waits until the child's stderr matches, polling. */
async function waitFor(stderr: () => string, pattern: RegExp, timeoutMs = 300_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!pattern.test(stderr())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}; stderr so far:\n${stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether any process of the group led by `pid` still exists. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the group led by `pid` is gone within `ms`: a killed sandbox process may stay a zombie
 * for a moment after the CLI exits, until init reaps it, and tsx's esbuild service (the CLI runs
 * from source) ends only once it sees the CLI gone.
 */
async function groupGone(pid: number, ms = 10_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (groupAlive(pid)) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

describe("Ctrl-C during solve and bench", { timeout: 900_000 }, () => {
  it("while the script runs: interrupted, resume hint, exit 130, nothing left running; resume finishes", async () => {
    const { taskDir, runDir } = place(manyClassesFiles());
    const solve = start(["solve", taskDir, "--out", runDir, "--engine", "offline"]);
    solve.child.stdin!.end();
    await waitFor(solve.stderr, /▶ execute attempt/);
    process.kill(-solve.child.pid!, "SIGINT");
    const result = await solve.done;

    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain(`\ninterrupted — continue with: linguacodus resume ${runDir}\n`);
    expect(result.stdout).toMatch(/^status: {6}interrupted — stopped by SIGINT$/m);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await groupGone(solve.child.pid!)).toBe(true);
    expect(existsSync(join(runDir, "run.lock"))).toBe(false);
    expect(JSON.parse(readFileSync(join(runDir, "stopped.json"), "utf8"))).toMatchObject({ status: "interrupted" });

    const resumed = await runCli(["resume", runDir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^status: {6}succeeded$/m);
  });

  it("at the review prompt: interrupted, resume hint, exit 130; resume --approve finishes", async () => {
    const { taskDir, runDir } = place(plainFiles(split(binaryLabel)));
    const solve = start(["solve", taskDir, "--out", runDir, "--engine", "offline", "--review"]);
    await waitFor(solve.stderr, /\[a\]pprove, \[e\]dit, \[r\]egenerate\? $/);
    process.kill(-solve.child.pid!, "SIGINT");
    const result = await solve.done;

    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain(`\ninterrupted — continue with: linguacodus resume ${runDir}\n`);
    expect(result.stdout).toMatch(/^status: {6}interrupted$/m);
    expect(await groupGone(solve.child.pid!)).toBe(true);
    expect(existsSync(join(runDir, "run.lock"))).toBe(false);

    const resumed = await runCli(["resume", runDir, "--approve"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^status: {6}succeeded$/m);
    expect(JSON.parse(readFileSync(join(runDir, "review/answer-1.json"), "utf8"))).toEqual({ action: "approve" });
  });

  it("during a bench: interrupted, the --resume hint, exit 130, nothing left running; --resume finishes the suite", async () => {
    const root = dirs.make("lc-ctrl-c-bench-");
    const suite = writeTinySuite(root);
    const out = join(root, "out");
    const bench = start(["bench", suite, "--out", out, "--engine", "offline"]);
    bench.child.stdin!.end();
    await waitFor(bench.stderr, /▶ execute/);
    process.kill(-bench.child.pid!, "SIGINT");
    const result = await bench.done;

    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain(
      `\ninterrupted — continue with: linguacodus bench ${suite} --resume --out ${out} (and the same options)\n`,
    );
    expect(await groupGone(bench.child.pid!)).toBe(true);

    const resumed = await runCli(["bench", suite, "--resume", "--out", out, "--engine", "offline", "--json"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const results = JSON.parse(resumed.stdout) as { results: Array<{ task: string }> };
    expect(results.results.map((r) => r.task).sort()).toEqual(["tiny-cls", "tiny-reg"]);
  });
});
