import { describe, expect, it } from "vitest";
import { parseBenchArgs } from "../../src/cli/bench-command.js";
import { parseWorkerArgs } from "../../src/cli/worker-command.js";
import { UsageError } from "../../src/cli/flags.js";
import { jobId } from "../../src/queue/bench-runner.js";
import { CheckpointStoreError, isCheckpointStoreError } from "../../src/run/checkpoint-store-error.js";
import { LEASE_SECONDS, solveJobOptions } from "../../src/queue/policy.js";
import type { BenchJob } from "../../src/bench/run-task.js";

const job = (id: string, seed = 0): BenchJob => ({
  task: { id, dir: `/suite/${id}`, publicDir: `/suite/${id}/public`, spec: {} as BenchJob["task"]["spec"] },
  mode: "pipeline",
  seed,
});

describe("queue", () => {
  it("derives one UUID per bench, task, mode and seed (a resumed bench finds the jobs it sent)", () => {
    const a = jobId("/out@2026-01-01T00:00:00.000Z", job("penguins"));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(jobId("/out@2026-01-01T00:00:00.000Z", job("penguins"))).toBe(a);
    expect(jobId("/out@2026-01-01T00:00:00.000Z", job("penguins", 1))).not.toBe(a);
    expect(jobId("/out@2026-01-02T00:00:00.000Z", job("penguins"))).not.toBe(a);
  });

  it("sends a job with 3 attempts, no retry delay, and the lease as its first expiry (not its task timeout)", () => {
    expect(solveJobOptions("j")).toEqual({ id: "j", retryLimit: 2, retryDelay: 0, retryBackoff: false, expireInSeconds: LEASE_SECONDS });
  });

  it("tells checkpoint-store errors from the run's own, through causes", () => {
    const store = new CheckpointStoreError("checkpoint database: connect ECONNREFUSED");
    expect(isCheckpointStoreError(store)).toBe(true);
    expect(isCheckpointStoreError(new Error("wrapped", { cause: store }))).toBe(true);
    expect(isCheckpointStoreError(new Error("the script failed"))).toBe(false);
    expect(isCheckpointStoreError("text")).toBe(false);
  });

  it("parses worker arguments and refuses bad ones", () => {
    expect(parseWorkerArgs(["--queue", "postgres://q/db", "--concurrency", "2", "--runs-dir", "/srv/runs"])).toMatchObject({
      queue: "postgres://q/db",
      checkpointer: "postgres://q/db",
      concurrency: 2,
      runsDir: "/srv/runs",
      leaseSeconds: LEASE_SECONDS,
      allowUnsandboxed: false,
    });
    expect(parseWorkerArgs(["--queue", "postgres://q/db", "--lease", "12"])).toMatchObject({ leaseSeconds: 12 });
    expect(() => parseWorkerArgs(["--queue", "postgres://q/db", "--lease", "2"])).toThrow(/--lease needs at least 5 seconds/);
    expect(parseWorkerArgs(["--queue", "postgres://q/db", "--checkpointer", "postgresql://c/db"])).toMatchObject({
      checkpointer: "postgresql://c/db",
    });
    expect(() => parseWorkerArgs([])).toThrow(new UsageError("--queue <postgres-url> is required"));
    expect(() => parseWorkerArgs(["--queue", "redis://x"])).toThrow(/postgres:\/\/ URL/);
    expect(() => parseWorkerArgs(["--queue", "postgres://q/db", "--concurrency", "0"])).toThrow(/whole number/);
  });

  it("bench --queue: a default task timeout, seeds, and no --concurrency (the workers' setting)", () => {
    const args = parseBenchArgs(["/suite", "--queue", "postgres://q/db", "--seeds", "3"]);
    expect(args).toMatchObject({ queue: "postgres://q/db", seeds: 3, taskTimeoutSeconds: 3600 });
    expect(parseBenchArgs(["/suite"])).toMatchObject({ queue: null, seeds: 1, taskTimeoutSeconds: null });
    expect(() => parseBenchArgs(["/suite", "--queue", "postgres://q/db", "--concurrency", "2"])).toThrow(/workers' setting/);
    expect(() => parseBenchArgs(["/suite", "--seeds", "0"])).toThrow(/--seeds/);
  });
});
