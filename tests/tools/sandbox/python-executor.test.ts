import { describe, expect, it } from "vitest";
import { SandboxUnavailableError } from "../../../src/tools/sandbox/bwrap-probe.js";
import { DEFAULT_SANDBOX_UID, dedicatedUid } from "../../../src/tools/sandbox/host-probes.js";
import { createPythonExecutor, DEFAULT_PYTHON, resolvePython } from "../../../src/tools/sandbox/python-executor.js";

describe("resolvePython", () => {
  it("prefers the option, then LINGUACODUS_PYTHON, then /usr/bin/python3 (never PATH)", () => {
    expect(resolvePython("/bin/sh", { LINGUACODUS_PYTHON: "/usr/bin/env" })).toBe("/bin/sh");
    expect(resolvePython(undefined, { LINGUACODUS_PYTHON: "/usr/bin/env" })).toBe("/usr/bin/env");
    expect(resolvePython(undefined, { PATH: "/somewhere/else" })).toBe(DEFAULT_PYTHON);
    expect(DEFAULT_PYTHON).toBe("/usr/bin/python3");
  });

  it("rejects relative and missing interpreters", () => {
    expect(() => resolvePython("python3", {})).toThrow(/absolute path/);
    expect(() => resolvePython("/nonexistent/python3", {})).toThrow(/missing or not executable/);
  });
});

describe("createPythonExecutor", () => {
  it.each(["auto", "bwrap", undefined] as const)("fails closed without bubblewrap (sandbox %s)", (sandbox) => {
    const create = () => createPythonExecutor({ sandbox, bwrapPath: "/nonexistent/bwrap", python: DEFAULT_PYTHON });
    expect(create).toThrow(SandboxUnavailableError);
    expect(create).toThrow(/apt-get install bubblewrap/);
    expect(create).toThrow(/--unsafe-no-sandbox/);
  });

  it("fails closed when bwrap exists but cannot create namespaces", () => {
    expect(() => createPythonExecutor({ bwrapPath: "/bin/false", python: DEFAULT_PYTHON })).toThrow(/cannot create a sandbox here/);
  });

  it("gives the unsafe executor only when asked for explicitly", () => {
    const executor = createPythonExecutor({ sandbox: "none", bwrapPath: "/nonexistent/bwrap", python: DEFAULT_PYTHON });
    expect(executor.kind).toBe("none");
  });
});

describe("dedicatedUid (root callers)", () => {
  it("refuses uid 0 and non-numbers, so a root caller's scripts never run as root", () => {
    for (const raw of ["0", "-5", "root", "4294967295"]) {
      expect(() => dedicatedUid({ LINGUACODUS_SANDBOX_UID: raw })).toThrow(SandboxUnavailableError);
    }
  });

  it.skipIf(process.getuid?.() !== 0)("defaults to 65000 and takes LINGUACODUS_SANDBOX_UID", () => {
    expect(dedicatedUid({})).toBe(DEFAULT_SANDBOX_UID);
    expect(DEFAULT_SANDBOX_UID).toBe(65_000);
    expect(dedicatedUid({ LINGUACODUS_SANDBOX_UID: "64999" })).toBe(64_999);
  });
});
