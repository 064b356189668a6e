/** The project's Python files have their own unittest tests (python/tests); CI runs them here, under /usr/bin/python3. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("python/tests", () => {
  it("pass under /usr/bin/python3", async () => {
    const { stderr } = await promisify(execFile)("/usr/bin/python3", ["-m", "unittest", "discover", "-s", "python/tests", "-v"], {
      cwd: ROOT,
      maxBuffer: 1 << 24,
    });
    expect(stderr).toMatch(/\nOK\n?$/);
    expect(stderr).toMatch(/Ran \d+ tests/);
  });
});
