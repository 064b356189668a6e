import { describe, expect, it } from "vitest";
import { classifyLimit, type RunEvidence } from "../../../src/tools/sandbox/limit-classifier.js";

const base: RunEvidence = {
  hostKill: null,
  exitCode: 1,
  signal: null,
  cpuSeconds: 0.1,
  cpuLimitSeconds: 10,
  pidsLimitHit: false,
  oomKilled: false,
  overQuota: false,
  stderr: "",
};

describe("classifyLimit", () => {
  it.each([
    ["a clean exit", { exitCode: 0 }, null],
    ["a plain failure", { stderr: "ValueError: bad" }, null],
    ["the host's wall kill", { hostKill: "wall", exitCode: null, signal: "SIGKILL" }, "wall"],
    ["the host's output kill", { hostKill: "output", exitCode: null, signal: "SIGKILL" }, "output"],
    ["SIGXCPU", { exitCode: null, signal: "SIGXCPU" }, "cpu"],
    ["SIGKILL after the CPU budget", { exitCode: null, signal: "SIGKILL", cpuSeconds: 12 }, "cpu"],
    ["SIGKILL at the CPU budget as tick-sampled rusage shows it", { exitCode: null, signal: "SIGKILL", cpuSeconds: 8.7 }, "cpu"],
    ["SIGKILL well before the CPU budget", { exitCode: null, signal: "SIGKILL", cpuSeconds: 5 }, null],
    ["SIGXFSZ", { exitCode: null, signal: "SIGXFSZ" }, "file_size"],
    ["EFBIG", { stderr: "OSError: [Errno 27] File too large" }, "file_size"],
    ["MemoryError", { stderr: "Traceback\nMemoryError\n" }, "memory"],
    ["numpy's allocation error", { stderr: "numpy.core._exceptions._ArrayMemoryError: Unable to allocate 7.45 GiB" }, "memory"],
    ["std::bad_alloc abort", { exitCode: null, signal: "SIGABRT", stderr: "what():  std::bad_alloc" }, "memory"],
    ["a refused fork", { stderr: "BlockingIOError: [Errno 11] Resource temporarily unavailable" }, "processes"],
    ["a refused thread", { stderr: "RuntimeError: can't start new thread" }, "processes"],
    ["the pids cgroup", { pidsLimitHit: true }, "processes"],
    ["the memory cgroup's OOM kill", { exitCode: null, signal: "SIGKILL", oomKilled: true }, "memory"],
    ["the work-directory quota, even after a clean exit", { exitCode: 0, overQuota: true }, "disk"],
  ] as const)("%s", (_name, overrides, expected) => {
    expect(classifyLimit({ ...base, ...overrides })).toBe(expected);
  });

  it("does not blame a limit when the script succeeded despite limit-like text", () => {
    expect(classifyLimit({ ...base, exitCode: 0, stderr: "MemoryError caught, retrying", pidsLimitHit: true })).toBeNull();
  });
});
