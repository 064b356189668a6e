import { describe, expect, it } from "vitest";
import { buildResult, resolveLimits } from "../../../src/tools/sandbox/exec-result.js";
import { DEFAULT_LIMITS } from "../../../src/tools/sandbox/executor-types.js";
import { OutputCapture } from "../../../src/tools/sandbox/output-capture.js";
import type { SupervisedRun } from "../../../src/tools/sandbox/supervise.js";

function supervised(overrides: Partial<SupervisedRun>): SupervisedRun {
  return {
    exitCode: 0,
    signal: null,
    hostKill: null,
    report: { exitCode: 0, signal: null, maxRssKb: 1234, cpuSeconds: 0.1 },
    stdout: new OutputCapture(100),
    stderr: new OutputCapture(100),
    durationMs: 12.6,
    ...overrides,
  };
}

const context = { limits: DEFAULT_LIMITS, sandbox: "bwrap" as const, files: ["submission.csv"], pidsLimitHit: false };

describe("resolveLimits", () => {
  it("overlays set fields on the defaults and ignores undefined ones", () => {
    expect(resolveLimits({ wallSeconds: 3, memoryMb: undefined })).toEqual({ ...DEFAULT_LIMITS, wallSeconds: 3 });
    expect(resolveLimits(undefined)).toEqual(DEFAULT_LIMITS);
  });

  it("rejects invalid limits", () => {
    expect(() => resolveLimits({ memoryMb: -1 })).toThrow();
  });
});

describe("buildResult", () => {
  it("takes the script's status and peak memory from the launcher's report", () => {
    const result = buildResult(supervised({}), context);
    expect(result).toMatchObject({ exitCode: 0, signal: null, limitHit: null, ok: true, peakMemoryKb: 1234, durationMs: 13 });
    expect(result.files).toEqual(["submission.csv"]);
  });

  it("names the signal from the report (SIGXCPU -> cpu)", () => {
    const result = buildResult(supervised({ report: { exitCode: null, signal: 24, maxRssKb: 1, cpuSeconds: 10 } }), context);
    expect(result).toMatchObject({ exitCode: null, signal: "SIGXCPU", limitHit: "cpu", ok: false });
  });

  it("reports a host kill as SIGKILL with the limit, even without a report", () => {
    const result = buildResult(supervised({ hostKill: "wall", report: null, exitCode: null, signal: "SIGKILL" }), context);
    expect(result).toMatchObject({ exitCode: null, signal: "SIGKILL", limitHit: "wall", ok: false, peakMemoryKb: null });
  });

  it("falls back to the spawned process's status when the launcher never reported", () => {
    const stderr = new OutputCapture(100);
    stderr.push(Buffer.from("bwrap: Can't mount proc"));
    const result = buildResult(supervised({ report: null, exitCode: 1, stderr }), context);
    expect(result).toMatchObject({ exitCode: 1, ok: false, limitHit: null, stderr: "bwrap: Can't mount proc" });
  });
});
