import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { execCommand } from "../../../src/cli/exec-command.js";
import { createPythonExecutor } from "../../../src/tools/sandbox/python-executor.js";

const scratch = mkdtempSync(join(tmpdir(), "linguacodus-exec-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs the command and returns its exit code and what it printed. */
async function exec(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  const code = await execCommand(argv);
  vi.restoreAllMocks();
  return { code, out, err };
}

function script(name: string, source: string): string {
  const path = join(scratch, name);
  writeFileSync(path, source);
  return path;
}

function bwrapUsable(): boolean {
  try {
    createPythonExecutor({ sandbox: "bwrap" });
    return true;
  } catch {
    return false;
  }
}

describe("linguacodus exec", () => {
  it("exits 2 with a clear message for a missing script", async () => {
    const { code, err } = await exec([join(scratch, "nope.py")]);
    expect(code).toBe(2);
    expect(err).toContain("script not found");
  });

  it("exits 2 for a bad limit or an unknown option", async () => {
    const path = script("ok.py", "pass\n");
    expect((await exec([path, "--memory", "lots"])).code).toBe(2);
    expect((await exec([path, "--frobnicate"])).code).toBe(2);
  });

  it("warns loudly with --unsafe-no-sandbox and records sandbox none in --json", async () => {
    const path = script("hello.py", 'open("out.txt", "w").write("hi")\nprint("hello")\n');
    const workDir = join(scratch, "unsafe-run");
    const { code, out, err } = await exec([path, "--unsafe-no-sandbox", "--json", "--workdir", workDir, "--timeout", "20"]);
    expect(code).toBe(0);
    expect(err).toContain("WARNING: --unsafe-no-sandbox");
    const result = JSON.parse(out);
    expect(result).toMatchObject({ ok: true, sandbox: "none", stdout: "hello\n", files: ["out.txt"], workDir });
    expect(readFileSync(join(workDir, "out.txt"), "utf8")).toBe("hi");
  });

  it("exits 1 when the script fails or a limit fires", async () => {
    const failing = script("fail.py", "raise SystemExit(4)\n");
    expect((await exec([failing, "--unsafe-no-sandbox"])).code).toBe(1);
    const looping = script("loop.py", "while True:\n    pass\n");
    const { code, out } = await exec([looping, "--unsafe-no-sandbox", "--timeout", "1"]);
    expect(code).toBe(1);
    expect(out).toContain("limit hit: wall");
  }, 15_000);

  it.skipIf(!bwrapUsable())("runs in the sandbox by default and prints a human summary", async () => {
    const path = script("sandboxed.py", "import os\nprint('uid', os.getuid())\n");
    const { code, out } = await exec([path, "--timeout", "20", "--memory", "1024"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^linguacodus exec: OK \(exit 0\) in [\d.]+ s, peak \d+ MiB, sandbox bwrap$/m);
    expect(out).toContain("uid 65534");
  });
});
