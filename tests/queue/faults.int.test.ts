/**
 * Queue workers against faults, with real parts: a PostgreSQL from Debian's packages holding the
 * pg-boss queue and the checkpoints, `linguacodus worker` and `linguacodus bench --queue` as real
 * processes (bin/linguacodus.js), the offline engine, tiny generated tasks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
const T0 = Date.now();
const mark = (m: string) => console.log(`MARK +${((Date.now() - T0) / 1000).toFixed(1)}s ${m}`); // DEBUG-TEMP
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BenchResultsSchema, type BenchResults, type TaskResult } from "../../src/bench/result.js";
import { startCli } from "../helpers/cli.js";
import { startPostgres, type Postgres } from "../helpers/postgres.js";
import { hasSklearn } from "../bench/helpers/python.js";
import { writeTinySuite } from "../bench/helpers/tiny-suite.js";
import { alive, cloneTask, finishedNodes, startWorker, stopWorker, waitFor, type WorkerProcess } from "./helpers/workers.js";

if (!hasSklearn) console.warn("skipping the queue fault tests: /usr/bin/python3 with pandas and scikit-learn is absent");

const readResults = (out: string): BenchResults => BenchResultsSchema.parse(JSON.parse(readFileSync(join(out, "results.json"), "utf8")));
const resultsSoFar = (out: string): TaskResult[] => {
  try {
    return readResults(out).results;
  } catch {
    return [];
  }
};
const find = (doc: BenchResults, task: string): TaskResult => doc.results.find((r) => r.task === task)!;
const BENCH = ["--engine", "offline", "--candidates", "1"];
/** Workers renew their lease every 3 s: a dead worker's job is retried about 15 s after its last renewal. */
const WORKER = ["--lease", "15"];

describe.runIf(hasSklearn)("queue workers survive faults (real PostgreSQL, real worker processes)", () => {
  let postgres: Postgres | null = null;
  let unavailable = "";
  const root = mkdtempSync(join(tmpdir(), "lc-queue-"));
  mkdirSync(join(root, "tmp"));
  const workers: WorkerProcess[] = [];
  const env = { TMPDIR: join(root, "tmp") }; // tsx's cache of the processes started here goes with root
  beforeAll(async () => {
    postgres = await startPostgres().catch((error: Error) => {
      unavailable = `skipping: PostgreSQL cannot start here: ${error.message}`;
      console.warn(unavailable);
      return null;
    });
    mark("postgres up"); // DEBUG-TEMP
  }, 60_000);
  afterAll(async () => {
    writeFileSync("/tmp/fix17-workers.log", workers.map((w) => `=== ${w.pid}\n${w.log()}`).join("\n")); // DEBUG-TEMP
    await Promise.all(workers.map(stopWorker));
    await postgres?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("a SIGKILLed worker's job resumes on another worker from its checkpoint; a job that dies every time ends failed after 3 attempts", {
    timeout: 240_000,
  }, async (ctx) => {
    if (!postgres) return ctx.skip(unavailable);
    const url = postgres.url;
    const suite = writeTinySuite(join(root, "kill"));
    cloneTask(suite, "tiny-cls", "crasher");
    const out = join(root, "kill", "out");
    const victimRun = join(out, "runs", "tiny-cls", "pipeline");
    const started = Date.now();
    const tasks = ["--tasks", "tiny-cls,crasher", "--mode", "pipeline"];
    const bench = startCli(["bench", suite, ...BENCH, ...tasks, "--queue", url, "--out", out, "--task-timeout", "120"], env);
    bench.child.stdin!.end();
    // The crasher's job process is killed at every attempt, as a task that crashes its worker would.
    for (let i = 0; i < 2; i++) {
      const worker = startWorker(url, WORKER, env);
      worker.onAttempt((a) => {
        if (a.label === "crasher/pipeline") process.kill(a.pid, "SIGKILL");
      });
      workers.push(worker);
    }
    mark("kill: bench+workers started"); // DEBUG-TEMP
    // Kill the worker running tiny-cls once its code is integrated (execute is next).
    await waitFor("tiny-cls to reach integrate", () => finishedNodes(victimRun).includes("integrate"), 120_000);
    const victim = workers.find((w) => w.attempts().some((a) => a.label === "tiny-cls/pipeline"))!;
    const survivor = workers.find((w) => w !== victim)!;
    const orphan = victim.attempts().find((a) => a.label === "tiny-cls/pipeline")!.pid;
    const before = finishedNodes(victimRun);
    process.kill(victim.pid, "SIGKILL");
    await waitFor("the killed worker's job process to exit", () => !alive(orphan), 10_000);
    mark("kill: killed, orphan gone"); // DEBUG-TEMP

    const { code, stderr } = await bench.done;
    mark("kill: bench done"); // DEBUG-TEMP
    const seconds = (Date.now() - started) / 1000;
    const logs = workers.map((w) => w.log()).join("");
    expect(code, `${stderr}\n${logs}`).toBe(0);
    const doc = readResults(out);
    expect(doc.results).toHaveLength(2);
    expect(find(doc, "tiny-cls"), `${find(doc, "tiny-cls").error}\n${logs}`).toMatchObject({
      status: "succeeded",
      valid: true,
      score: 1,
    });
    const crashed = find(doc, "crasher");
    expect(crashed).toMatchObject({ status: "crashed", valid: false, score: null });
    expect(crashed.error).toMatch(/^the job failed after 3 attempt\(s\): the job process died \(signal SIGKILL\) on attempt 3$/);
    // The other worker took the job over once the dead worker's lease ran out.
    expect(
      survivor
        .attempts()
        .filter((a) => a.label === "tiny-cls/pipeline")
        .map((a) => a.attempt),
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

  it("a database restart during a bench loses no finished result and costs the job in flight no attempt", {
    timeout: 240_000,
  }, async (ctx) => {
    if (!postgres) return ctx.skip(unavailable);
    const url = postgres.url;
    const suite = writeTinySuite(join(root, "restart"));
    const out = join(root, "restart", "out");
    // One worker with one lane: the jobs run one after the other, so the first has finished when the second runs.
    const live = workers.filter((w) => alive(w.pid));
    await Promise.all(live.slice(1).map(stopWorker));
    const worker = live[0] ?? startWorker(url, WORKER, env);
    if (!live.length) workers.push(worker);
    const bench = startCli(["bench", suite, ...BENCH, "--mode", "vanilla", "--queue", url, "--out", out, "--task-timeout", "120"], env);
    bench.child.stdin!.end();
    const jobs = () => worker.attempts().filter((a) => a.label.endsWith("/vanilla"));
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
    mark("restart: restarting"); // DEBUG-TEMP
    await postgres.restart(4000, () => process.kill(second.pid, "SIGCONT")); // down for 4 s while the second job runs on

    mark("restart: restarted"); // DEBUG-TEMP
    const { code, stderr } = await bench.done;
    mark("restart: bench done"); // DEBUG-TEMP
    const logs = worker.log();
    console.log(`restart test: ${logs.match(/.*(checkpoint database|cannot|died|queue:|failed|crashed|Error|lease).*/g)?.join("\n")}`);
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
    if (!postgres) return ctx.skip(unavailable);
    const suite = writeTinySuite(join(root, "solve"));
    if (workers.filter((w) => alive(w.pid)).length === 0) workers.push(startWorker(postgres.url, WORKER, env));
    const runDir = join(root, "solve", "run");
    const solve = startCli(["solve", join(suite, "tiny-cls", "public"), ...BENCH, "--queue", postgres.url, "--out", runDir, "--json"], env);
    solve.child.stdin!.end();
    mark("solve: started"); // DEBUG-TEMP
    const { code, stdout, stderr } = await solve.done;
    mark("solve: done"); // DEBUG-TEMP
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout.trim().split("\n").pop()!) as { status: string; runDir: string; submissionPath: string };
    expect(summary).toMatchObject({ status: "succeeded", runDir, submissionPath: join(runDir, "submission.csv") });
    expect(stderr).toMatch(/job [0-9a-f-]{36} queued/);
    expect(finishedNodes(runDir)).toContain("report");
  });
});
