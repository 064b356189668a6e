/** The LangGraph server image generated from langgraph.json has what generated code needs: Python, its libraries, bubblewrap. */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "lc-dockerfile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("langgraph.json's server image", () => {
  it("installs Python with pandas, scikit-learn, xgboost and scipy, bubblewrap and libseccomp, and sets the interpreter", async () => {
    const out = join(dir, "Dockerfile");
    await promisify(execFile)(join(ROOT, "node_modules", ".bin", "langgraphjs"), ["dockerfile", "-c", "langgraph.json", out], {
      cwd: ROOT,
      env: { ...process.env, LANGGRAPH_CLI_NO_ANALYTICS: "1" },
    });
    const text = readFileSync(out, "utf8");
    const install = text.split("\n").find((line) => line.includes("apt-get install")) ?? "";
    for (const pkg of ["python3-pandas", "python3-sklearn", "python3-xgboost", "python3-scipy", "python3-seccomp", "bubblewrap"]) {
      expect(install).toContain(pkg);
    }
    expect(text).toContain("ENV LINGUACODUS_PYTHON=/usr/bin/python3");
    expect(text.indexOf("apt-get install")).toBeLessThan(text.indexOf("RUN npm ci"));
  });
});
