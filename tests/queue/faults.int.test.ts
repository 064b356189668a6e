/**
 * Queue workers through a database restart, and `solve --queue`, with real parts: a PostgreSQL
 * from Debian's packages holding the pg-boss queue and the checkpoints, `linguacodus worker`,
 * `bench --queue` and `solve --queue` as real processes (bin/linguacodus.js), the offline engine,
 * tiny generated tasks. The SIGKILLed worker is tests/queue/worker-kill.int.test.ts.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { startCli } from "../helpers/cli.js";
import { hasSklearn } from "../bench/helpers/python.js";
import { writeTinySuite } from "../bench/helpers/tiny-suite.js";
import { OFFLINE, readResults, resultsSoFar, useQueueFixture } from "./helpers/fixture.js";
import { finishedNodes, waitFor } from "./helpers/workers.js";

if (!hasSklearn) console.warn("skipping the queue fault tests: /usr/bin/python3 with pandas and scikit-learn is absent");

describe.runIf(hasSklearn)("queue workers through a database restart (real PostgreSQL, real worker processes)", () => {
  const fixture = useQueueFixture();
  /** The file's one worker (one lane), started by the first test that needs it. */
  const worker = () => fixture.live()[0] ?? fixture.startWorker();

  it("a database restart during a bench loses no finished result and costs the job in flight no attempt", {
    timeout: 240_000,
  }, async (ctx) => {
    const { postgres, root, env } = fixture;
    if (!postgres) return ctx.skip(fixture.unavailable);
    const suite = writeTinySuite(join(root, "restart"));
    const out = join(root, "restart", "out");
    // One worker with one lane: the jobs run one after the other, so the first has finished when the second runs.
    const lane = worker();
    const bench = startCli(
      ["bench", suite, ...OFFLINE, "--mode", "vanilla", "--queue", postgres.url, "--out", out, "--task-timeout", "120"],
      env,
    );
    bench.child.stdin!.end();
    const jobs = () => lane.attempts().filter((a) => a.label.endsWith("/vanilla"));
    const runOf = (label: string) => join(out, "runs", label.split("/")[0], "vanilla");
    await waitFor(
      "the second job to load its task",
      () => jobs().length === 2 && finishedNodes(runOf(jobs()[1].label)).includes("load-task"),
      120_000,
    );
    const second = jobs()[1];
    process.kill(second.pid, "SIGSTOP"); // held still until the database is down, so the restart falls inside its run
    await waitFor("the first result", () => resultsSoFar(out).length === 1, 30_000);
    const first = resultsSoFar(out)[0];
    await postgres.restart(4000, () => process.kill(second.pid, "SIGCONT")); // down for 4 s while the second job runs on

    const { code, stderr } = await bench.done;
    const logs = lane.log();
    console.log(
      `restart test: ${logs.match(/.*(checkpoint database|cannot|died|queue:|failed|crashed|Error|lease|again).*/g)?.join("\n")}`,
    );
    expect(code, `${stderr}\n${logs}`).toBe(0);
    const doc = readResults(out);
    expect(doc.results.map((r) => `${r.task}:${r.status}:${r.valid}`).sort(), logs).toEqual([
      "tiny-cls:succeeded:true",
      "tiny-reg:succeeded:true",
    ]);
    expect(doc.results.find((r) => r.task === first.task)).toEqual(first);
    expect(first.task).not.toBe(second.label.split("/")[0]);
    // The restart cost no attempt: the job that lost its checkpoint database ran on in place once it was back.
    const attempts = postgres.sql(`select string_agg(state || ':' || retry_count, ',') from pgboss.job where data->>'out' = '${out}'`);
    expect(attempts, logs).toBe("completed:0,completed:0");
  });

  it("solve --queue sends one job and follows it to the summary", { timeout: 120_000 }, async (ctx) => {
    const { postgres, root, env } = fixture;
    if (!postgres) return ctx.skip(fixture.unavailable);
    const suite = writeTinySuite(join(root, "solve"));
    worker();
    const runDir = join(root, "solve", "run");
    const solve = startCli(
      ["solve", join(suite, "tiny-cls", "public"), ...OFFLINE, "--queue", postgres.url, "--out", runDir, "--json"],
      env,
    );
    solve.child.stdin!.end();
    const { code, stdout, stderr } = await solve.done;
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout.trim().split("\n").pop()!) as { status: string; runDir: string; submissionPath: string };
    expect(summary).toMatchObject({ status: "succeeded", runDir, submissionPath: join(runDir, "submission.csv") });
    expect(stderr).toMatch(/job [0-9a-f-]{36} queued/);
    // The worker forwarded the run's progress events: the finished steps, as a local solve prints them.
    expect(stderr).toMatch(/^✓ load-task \d+\.\d s$/m);
    expect(stderr).toMatch(/^✓ execute \d+\.\d s · score \d\.\d{4}$/m);
    expect(stderr).toMatch(/^✓ record-experience \d+\.\d s$/m); // the last step: its events came before the job's end
    expect(finishedNodes(runDir)).toContain("report");
  });
});
