import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../../src/tools/sandbox/executor-types.js";
import { launcherArgs, parseLauncherReport, rlimitsFor } from "../../../src/tools/sandbox/launcher.js";

describe("launcher", () => {
  it("turns limits into rlimits, with RLIMIT_NPROC only on request", () => {
    const limits = { ...DEFAULT_LIMITS, memoryMb: 512, cpuSeconds: 5, fileSizeMb: 2, maxProcesses: 40 };
    const withNproc = rlimitsFor(limits, true);
    expect(withNproc).toContainEqual(["RLIMIT_AS", 512 * 1024 * 1024, 512 * 1024 * 1024]);
    expect(withNproc).toContainEqual(["RLIMIT_CPU", 5, 7]);
    expect(withNproc).toContainEqual(["RLIMIT_FSIZE", 2 * 1024 * 1024, 2 * 1024 * 1024]);
    expect(withNproc).toContainEqual(["RLIMIT_CORE", 0, 0]);
    expect(withNproc).toContainEqual(["RLIMIT_NPROC", 40, 40]);
    expect(rlimitsFor(limits, false).map(([name]) => name)).not.toContain("RLIMIT_NPROC");
  });

  it("runs isolated (-I -S -B) and passes interpreter, script and rlimits as arguments", () => {
    const args = launcherArgs("/usr/bin/python3", [
      ["RLIMIT_CORE", 0, 0],
      ["RLIMIT_CPU", 5, 7],
    ]);
    expect(args.slice(0, 4)).toEqual(["-I", "-S", "-B", "-c"]);
    expect(args.slice(5)).toEqual(["/usr/bin/python3", "solution.py", "RLIMIT_CORE=0:0", "RLIMIT_CPU=5:7"]);
    expect(args[4]).not.toMatch(/import json/);
  });

  it("parses a report and rejects empty or malformed ones", () => {
    expect(parseLauncherReport('{"exitCode":0,"signal":null,"maxRssKb":9000,"cpuSeconds":0.02}')).toEqual({
      exitCode: 0,
      signal: null,
      maxRssKb: 9000,
      cpuSeconds: 0.02,
    });
    expect(parseLauncherReport("")).toBeNull();
    expect(parseLauncherReport("{not json")).toBeNull();
    expect(parseLauncherReport('{"exitCode":"0"}')).toBeNull();
  });
});
