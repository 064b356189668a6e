import { describe, expect, it } from "vitest";
import { buildResult, type HostMeasurement, relayedEnding, reportedEnding, resolveLimits } from "../../../src/tools/sandbox/exec-result.js";
import { DEFAULT_LIMITS } from "../../../src/tools/sandbox/executor-types.js";
import { OutputCapture } from "../../../src/tools/sandbox/output-capture.js";
import type { SupervisedRun } from "../../../src/tools/sandbox/supervise.js";
import type { SweepResult } from "../../../src/tools/sandbox/sweep-workdir.js";

function supervised(overrides: Partial<SupervisedRun>): SupervisedRun {
  return {
    exitCode: 0,
    signal: null,
    hostKill: null,
    collected: [],
    stdout: new OutputCapture(100),
    stderr: new OutputCapture(100),
    durationMs: 12.6,
    ...overrides,
  };
}

const measured: HostMeasurement = {
  ending: { exitCode: 0, signal: null },
  peakKb: 1234,
  cpuSeconds: 0.1,
  oomKilled: false,
  pidsLimitHit: false,
};
const sweep: SweepResult = { files: ["submission.csv"], entries: 1, bytes: 4096, removed: 0, overQuota: null };
const context = { limits: DEFAULT_LIMITS, sandbox: "bwrap" as const, sweep, measured, gaps: [] };

describe("resolveLimits", () => {
  it("overlays set fields on the defaults and ignores undefined ones", () => {
    expect(resolveLimits({ wallSeconds: 3, memoryMb: undefined })).toEqual({ ...DEFAULT_LIMITS, wallSeconds: 3 });
    expect(resolveLimits(undefined)).toEqual(DEFAULT_LIMITS);
  });

  it("rejects invalid limits", () => {
    expect(() => resolveLimits({ memoryMb: -1 })).toThrow();
  });
});

describe("endings", () => {
  it("reads bubblewrap's 128 + signal convention as a signal", () => {
    expect(relayedEnding(152, null)).toEqual({ exitCode: null, signal: "SIGXCPU" });
    expect(relayedEnding(137, null)).toEqual({ exitCode: null, signal: "SIGKILL" });
    expect(relayedEnding(3, null)).toEqual({ exitCode: 3, signal: null });
    expect(relayedEnding(null, "SIGKILL")).toEqual({ exitCode: null, signal: "SIGKILL" });
  });

  it("names a reported signal number", () => {
    expect(reportedEnding(null, 9)).toEqual({ exitCode: null, signal: "SIGKILL" });
    expect(reportedEnding(0, null)).toEqual({ exitCode: 0, signal: null });
  });
});

describe("buildResult", () => {
  it("takes the ending and peak memory from the host's measurement", () => {
    const result = buildResult(supervised({}), context);
    expect(result).toMatchObject({ exitCode: 0, signal: null, limitHit: null, ok: true, peakMemoryKb: 1234, durationMs: 13, gaps: [] });
    expect(result.files).toEqual(["submission.csv"]);
  });

  it("names the limit from the measured signal (SIGXCPU -> cpu) and an OOM kill (memory)", () => {
    const cpu = buildResult(supervised({}), { ...context, measured: { ...measured, ending: { exitCode: null, signal: "SIGXCPU" } } });
    expect(cpu).toMatchObject({ exitCode: null, signal: "SIGXCPU", limitHit: "cpu", ok: false });
    const oom = buildResult(supervised({}), {
      ...context,
      measured: { ...measured, ending: { exitCode: null, signal: "SIGKILL" }, oomKilled: true },
    });
    expect(oom).toMatchObject({ signal: "SIGKILL", limitHit: "memory", ok: false });
  });

  it("reports a host kill as SIGKILL with the limit, even without a measurement", () => {
    const result = buildResult(supervised({ hostKill: "wall", exitCode: null, signal: "SIGKILL" }), {
      ...context,
      measured: { ...measured, ending: null, peakKb: null },
    });
    expect(result).toMatchObject({ exitCode: null, signal: "SIGKILL", limitHit: "wall", ok: false, peakMemoryKb: null });
  });

  it("falls back to the spawned process's status when nothing measured the ending", () => {
    const stderr = new OutputCapture(100);
    stderr.push(Buffer.from("bwrap: Can't mount proc"));
    const result = buildResult(supervised({ exitCode: 1, stderr }), { ...context, measured: { ...measured, ending: null } });
    expect(result).toMatchObject({ exitCode: 1, ok: false, limitHit: null, stderr: "bwrap: Can't mount proc" });
  });

  it("fails a clean run that left more than its quota, and says so on stderr", () => {
    const over = { ...sweep, files: [], overQuota: "files" as const };
    const result = buildResult(supervised({}), { ...context, sweep: over, limits: { ...DEFAULT_LIMITS, maxFiles: 5 } });
    expect(result).toMatchObject({ exitCode: 0, limitHit: "disk", ok: false, files: [] });
    expect(result.stderr).toBe(
      "\nlinguacodus: the run left more than 5 files in its work directory; everything it left there was removed\n",
    );
  });
});
