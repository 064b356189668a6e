import { describe, expect, it } from "vitest";
import { scriptEnv } from "../../../src/tools/sandbox/sandbox-env.js";

describe("scriptEnv", () => {
  it("is a fixed allowlist: nothing from the host environment", () => {
    process.env.OPENAI_API_KEY = "sk-should-not-appear";
    try {
      const env = scriptEnv(3, "/tmp");
      expect(Object.values(env)).not.toContain("sk-should-not-appear");
      expect(Object.keys(env).sort()).toEqual([
        "HOME",
        "LANG",
        "LOGNAME",
        "LOKY_MAX_CPU_COUNT",
        "MALLOC_ARENA_MAX",
        "MKL_NUM_THREADS",
        "MPLBACKEND",
        "NUMEXPR_MAX_THREADS",
        "NUMEXPR_NUM_THREADS",
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "PATH",
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONUNBUFFERED",
        "TMPDIR",
        "USER",
      ]);
    } finally {
      delete process.env.OPENAI_API_KEY;
    }
  });

  it("pins every numeric library's thread count and the home directory", () => {
    const env = scriptEnv(3, "/tmp");
    for (const name of ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"]) {
      expect(env[name]).toBe("3");
    }
    expect(env.HOME).toBe("/tmp");
    expect(env.MPLBACKEND).toBe("Agg");
  });
});
