/**
 * The package as a user installs it: `npm pack`, `npm install <tarball>` into a fresh directory
 * (from the npm cache, as CI's `npm ci` filled it), `import "linguacodus"` from plain Node ESM,
 * and the example task solved offline through the installed graph and the installed CLI.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EXAMPLE = join(ROOT, "examples", "wine");
const root = mkdtempSync(join(tmpdir(), "lc-consumer-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CONSUMER = `
import { graph, makeContext } from "linguacodus";
const [taskDir, runDir] = process.argv.slice(2);
const final = await graph.invoke({ taskDir }, { context: makeContext({ engine: "offline", runDir }) });
console.log(JSON.stringify({ status: final.status, submission: final.submissionPath, score: final.validationScore }));
`;

describe("the packed package", () => {
  it("installs into a fresh directory, imports with plain Node ESM and solves the example offline", { timeout: 600_000 }, async () => {
    const { stdout: packed } = await run("npm", ["pack", "--json", "--pack-destination", root], { cwd: ROOT, maxBuffer: 1 << 26 });
    const [{ filename, files }] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "dist/index.js",
        "bin/linguacodus.js",
        "prompts/fix.md",
        "python/profile_data.py",
        "python/linguacodus_ops/manifest.json",
      ]),
    );
    expect(paths.filter((p) => p.startsWith("tests/") || p.startsWith("src/") || p.startsWith("examples/"))).toEqual([]);

    const app = join(root, "app");
    await run("mkdir", ["-p", app]);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    writeFileSync(join(app, "solve.mjs"), CONSUMER);
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", join(root, filename)], { cwd: app, maxBuffer: 1 << 26 });

    const env = { ...process.env, LINGUACODUS_FROM_SOURCE: "" };
    const { stdout } = await run(process.execPath, ["solve.mjs", EXAMPLE, join(root, "run-lib")], { cwd: app, env, maxBuffer: 1 << 26 });
    const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { status: string; submission: string; score: number };
    expect(result.status).toBe("succeeded");
    expect(existsSync(result.submission)).toBe(true);

    const bin = join(app, "node_modules", ".bin", "linguacodus");
    const help = await run(bin, ["--help"], { cwd: app, env });
    expect(help.stdout).toMatch(/usage:/);
    const cli = await run(bin, ["solve", EXAMPLE, "--engine", "offline", "--out", join(root, "run-cli"), "--json"], {
      cwd: app,
      env,
      maxBuffer: 1 << 26,
    });
    expect(JSON.parse(cli.stdout).status).toBe("succeeded");
    expect(readFileSync(join(root, "run-cli", "submission.csv"), "utf8").split("\n")[0]).toMatch(/^id,/);
  });
});
