import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { execCommand } from "../../../src/cli/exec-command.js";
import { DEFAULT_SANDBOX_UID } from "../../../src/tools/sandbox/host-probes.js";
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
    expect((await exec([failing, "--unsafe-no-sandbox", "--workdir", join(scratch, "failing-run")])).code).toBe(1);
    const looping = script("loop.py", "while True:\n    pass\n");
    const { code, out } = await exec([looping, "--unsafe-no-sandbox", "--timeout", "1", "--workdir", join(scratch, "looping-run")]);
    expect(code).toBe(1);
    expect(out).toContain("limit hit: wall");
  }, 15_000);

  it.skipIf(!bwrapUsable())("runs in the sandbox by default and prints a human summary", async () => {
    const path = script("sandboxed.py", "import os\nprint('uid', os.getuid())\n");
    const { code, out } = await exec([path, "--timeout", "20", "--memory", "1024", "--workdir", join(scratch, "sandboxed-run")]);
    expect(code).toBe(0);
    expect(out).toMatch(/^linguacodus exec: OK \(exit 0\) in [\d.]+ s, peak \d+ MiB, sandbox bwrap$/m);
    expect(out).toContain(`uid ${process.getuid?.() === 0 ? DEFAULT_SANDBOX_UID : 65534}`);
  });

  it("strips control characters from the script's text in the summary; --json keeps it exact", async () => {
    const source = [
      "import sys",
      String.raw`open('\x1b[31mred\x1b[0m.csv', 'w').write('x')`,
      String.raw`print('\x1b]0;pwned\x07\x1b[2J\x1b[1A\rlinguacodus exec: OK \u202eevil')`,
      String.raw`sys.stderr.write('\x1b[8mhidden\x1b[0m\x00\x9b')`,
      "sys.exit(5)",
    ].join("\n");
    const path = script("spoof.py", `${source}\n`);
    const text = await exec([path, "--unsafe-no-sandbox", "--workdir", join(scratch, "spoof-text")]);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/^linguacodus exec: FAILED \(exit 5\)/);
    expect(text.out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(text.out).toContain("files: red.csv");
    expect(text.out).toContain("--- stdout ---\nlinguacodus exec: OK evil\n--- stderr ---\nhidden\n");
    const json = await exec([path, "--unsafe-no-sandbox", "--json", "--workdir", join(scratch, "spoof-json")]);
    const result = JSON.parse(json.out);
    expect(result.stdout).toBe("\x1b]0;pwned\x07\x1b[2J\x1b[1A\rlinguacodus exec: OK \u202eevil\n");
    expect(result.stderr).toBe("\x1b[8mhidden\x1b[0m\x00\x9b");
    expect(result.files).toEqual(["\x1b[31mred\x1b[0m.csv"]);
  });
});
