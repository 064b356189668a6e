/**
 * A worker killed mid-task, and a task that kills its job process every time, with real parts: a
 * PostgreSQL from Debian's packages holding the pg-boss queue and the checkpoints, `linguacodus
 * worker` and `linguacodus bench --queue` as real processes (bin/linguacodus.js), the offline
 * engine, tiny generated tasks.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import type { BenchResults, TaskResult } from "../../src/bench/result.js";
import { startCli } from "../helpers/cli.js";
import { hasSklearn } from "../bench/helpers/python.js";
import { writeTinySuite } from "../bench/helpers/tiny-suite.js";
import { OFFLINE, readResults, useQueueFixture } from "./helpers/fixture.js";
import { alive, cloneTask, finishedNodes, waitFor } from "./helpers/workers.js";

if (!hasSklearn) console.warn("skipping the worker-kill test: /usr/bin/python3 with pandas and scikit-learn is absent");

const find = (doc: BenchResults, task: string): TaskResult => doc.results.find((r) => r.task === task)!;

describe.runIf(hasSklearn)("a killed worker (real PostgreSQL, real worker processes)", () => {
  const fixture = useQueueFixture();

  it("a SIGKILLed worker's job resumes on another worker from its checkpoint; a job that dies every time ends failed after 3 attempts", {
    timeout: 240_000,
  }, async (ctx) => {
    const { postgres, root, env } = fixture;
    if (!postgres) return ctx.skip(fixture.unavailable);
    const suite = writeTinySuite(join(root, "kill"));
    cloneTask(suite, "tiny-cls", "crasher");
    const out = join(root, "kill", "out");
    const victimRun = join(out, "runs", "tiny-cls", "pipeline");
    const started = Date.now();
    const tasks = ["--tasks", "tiny-cls,crasher", "--mode", "pipeline"];
    const bench = startCli(["bench", suite, ...OFFLINE, ...tasks, "--queue", postgres.url, "--out", out, "--task-timeout", "120"], env);
    bench.child.stdin!.end();
    // The crasher's job process is killed at every attempt, as a task that crashes its worker would.
    const workers = [fixture.startWorker(), fixture.startWorker()];
    for (const worker of workers)
      worker.onAttempt((a) => {
        if (a.label === "crasher/pipeline") process.kill(a.pid, "SIGKILL");
      });
    // Kill the worker running tiny-cls once its code is integrated (execute is next).
    await waitFor("tiny-cls to reach integrate", () => finishedNodes(victimRun).includes("integrate"), 120_000);
    const victim = workers.find((w) => w.attempts().some((a) => a.label === "tiny-cls/pipeline"))!;
    const survivor = workers.find((w) => w !== victim)!;
    const orphan = victim.attempts().find((a) => a.label === "tiny-cls/pipeline")!.pid;
    const before = finishedNodes(victimRun);
    process.kill(victim.pid, "SIGKILL");
    await waitFor("the killed worker's job process to exit", () => !alive(orphan), 10_000);

    const { code, stderr } = await bench.done;
    const seconds = (Date.now() - started) / 1000;
    const logs = workers.map((w) => w.log()).join("");
    expect(code, `${stderr}\n${logs}`).toBe(0);
    const doc = readResults(out);
    expect(doc.results).toHaveLength(2);
    expect(find(doc, "tiny-cls"), `${find(doc, "tiny-cls").error}\n${logs}`).toMatchObject({
      status: "succeeded",
      valid: true,
      score: expect.any(Number),
    });
    expect(find(doc, "tiny-cls").score).toBeGreaterThan(0.9);
    const crashed = find(doc, "crasher");
    expect(crashed).toMatchObject({ status: "crashed", valid: false, score: null });
    expect(crashed.error).toMatch(/^the job failed after 3 attempt\(s\): the job process died \(signal SIGKILL\) on attempt 3$/);
    // The other worker took the job over once the dead worker's lease ran out.
    const takenOver = survivor.attempts().filter((a) => a.label === "tiny-cls/pipeline");
    expect(
      takenOver.map((a) => a.attempt),
      logs,
    ).toEqual([2]);

    // tiny-cls: the second attempt continued from the checkpoint: every finished node ran once.
    const nodes = finishedNodes(victimRun);
    const rerun = nodes.length - new Set(nodes).size;
    expect(before.slice(0, 2)).toEqual(["load-task", "profile-data"]);
    expect(nodes.slice(0, before.length)).toEqual(before);
    expect(rerun).toBe(0);
    expect(nodes.filter((n) => n === "rank-instructions")).toHaveLength(1);
    expect(nodes.slice(-4)).toEqual(["execute", "check", "report", "record-experience"]);
    const states = postgres.sql(
      `select string_agg(state || ':' || retry_count, ',' order by state, retry_count) from pgboss.job where name = 'linguacodus-solve' and data->>'out' = '${out}'`,
    );
    expect(states).toBe("completed:1,failed:2");
    console.log(
      `kill test: 2 jobs, 1 completed after its worker was SIGKILLed (${before.length} nodes finished before, ` +
        `${rerun} re-run), 1 failed after 3 attempts; bench wall ${seconds.toFixed(1)} s`,
    );
  });
});
