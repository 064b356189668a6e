import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runInProcess } from "../../src/queue/attempt.js";
import type { LeaseLoss } from "../../src/queue/lease.js";
import { EXIT_STORE_DOWN, type JobRequest } from "../../src/queue/protocol.js";
import type { ProgressEvent } from "../../src/types/progress-events.js";

/** A stand-in job process: a Node process with an IPC channel running `code` for each request. */
const jobProcess = (code: string) =>
  spawn(process.execPath, ["-e", `process.once("message", (request) => { ${code} });`], { stdio: ["ignore", "inherit", "inherit", "ipc"] });

const request = (deadline: number): JobRequest => ({
  jobId: "j",
  data: {},
  checkpointerUrl: "postgres://unused",
  policy: { python: "/usr/bin/python3", allowUnsandboxed: false, runsDir: "/tmp/runs", threads: 1 },
  deadline,
});
const never = new Promise<LeaseLoss>(() => undefined);
const inAMinute = () => Date.now() + 60_000;

describe("a job's run in its process", () => {
  it("returns the output the process sends, and the progress events on the way", async () => {
    const events: ProgressEvent[] = [];
    const child = jobProcess(`
      process.send({ type: "progress", event: { event: "node-start", node: "load-task", fixAttempts: 0 } });
      process.send({ type: "progress", event: { event: "node-end", node: "load-task", ms: 12, status: "ok" } });
      process.send({ type: "done", output: { jobId: request.jobId } }, () => process.exit(0));`);
    const end = await runInProcess(child, {
      request: request(inAMinute()),
      attempt: 1,
      leaseLost: never,
      onProgress: (event) => events.push(event),
    });
    expect(end).toEqual({ output: { jobId: "j" } });
    expect(events).toEqual([
      { event: "node-start", node: "load-task", fixAttempts: 0 },
      { event: "node-end", node: "load-task", ms: 12, status: "ok" },
    ]);
  });

  it("tells a lost checkpoint database, and a death, by the exit", async () => {
    const down = jobProcess(`process.exit(${EXIT_STORE_DOWN})`);
    expect(await runInProcess(down, { request: request(inAMinute()), attempt: 1, leaseLost: never, onProgress: () => undefined })).toEqual({
      storeDown: true,
    });
    const crash = jobProcess("process.exit(3)");
    expect(await runInProcess(crash, { request: request(inAMinute()), attempt: 2, leaseLost: never, onProgress: () => undefined })).toEqual(
      {
        died: "the job process died (exit code 3) on attempt 2",
      },
    );
  });

  it("kills the process when the lease is lost, and when it runs past its deadline", async () => {
    const taken = jobProcess("setInterval(() => undefined, 1000)");
    const leaseLost = Promise.resolve<LeaseLoss>("taken");
    expect(await runInProcess(taken, { request: request(inAMinute()), attempt: 1, leaseLost, onProgress: () => undefined })).toEqual({
      leaseLost: "taken",
    });
    expect(taken.signalCode).toBe("SIGKILL");
    const stuck = jobProcess("setInterval(() => undefined, 1000)");
    const overdue = Date.now() - 60_000; // past the deadline and its grace already
    expect(await runInProcess(stuck, { request: request(overdue), attempt: 3, leaseLost: never, onProgress: () => undefined })).toEqual({
      died: "the job process ran past its task timeout (attempt 3) and was killed",
    });
  });

  it("says so when the process died before its job came", async () => {
    const gone = jobProcess("");
    gone.kill("SIGKILL");
    await new Promise((done) => gone.once("exit", done));
    expect(await runInProcess(gone, { request: request(inAMinute()), attempt: 1, leaseLost: never, onProgress: () => undefined })).toEqual({
      died: "the job process had died before its job came (attempt 1)",
    });
  });
});
