import { describe, expect, it } from "vitest";
import { SandboxUnavailableError } from "../../../src/tools/sandbox/bwrap-probe.js";
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
