import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { METRICS_MAX_BYTES, readScriptMetrics } from "../../../src/tools/task/metrics-file.js";

describe("readScriptMetrics: the script's metrics.json is read as hostile input", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "lc-metrics-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (text: string) => writeFileSync(join(dir, "metrics.json"), text);

  it("reads the contract's shape", async () => {
    const doc = {
      models: [
        { name: "gbm", validationScore: 0.81 },
        { name: "linear", validationScore: 0.78 },
      ],
      blend: { gbm: 0.7, linear: 0.3 },
    };
    write(JSON.stringify(doc));
    expect(await readScriptMetrics(dir)).toEqual({ metrics: doc, note: null });
    write(JSON.stringify({ models: [{ name: "rf", validationScore: 1.5 }] }));
    expect((await readScriptMetrics(dir)).metrics).toEqual({ models: [{ name: "rf", validationScore: 1.5 }] });
  });

  it("notes a missing file", async () => {
    expect(await readScriptMetrics(dir)).toEqual({ metrics: null, note: "the script wrote no metrics.json" });
  });

  it.each([
    ["a symbolic link", () => symlinkSync("/etc/passwd", join(dir, "metrics.json")), "metrics.json is a symbolic link; not read"],
    [
      "a FIFO",
      () => expect(spawnSync("mkfifo", [join(dir, "metrics.json")]).status).toBe(0),
      "metrics.json is not a regular file; not read",
    ],
    ["a directory", () => mkdirSync(join(dir, "metrics.json")), "metrics.json is not a regular file; not read"],
  ])("refuses %s without following or blocking", async (_kind, make, note) => {
    make();
    expect(await readScriptMetrics(dir)).toEqual({ metrics: null, note });
  });

  it("refuses a file over the cap before reading it", async () => {
    write(" ".repeat(METRICS_MAX_BYTES + 1));
    expect((await readScriptMetrics(dir)).note).toBe(
      `metrics.json is ${METRICS_MAX_BYTES + 1} bytes, more than the ${METRICS_MAX_BYTES} read`,
    );
  });

  it("notes text that is not JSON (Python's NaN included) or not the contract's shape", async () => {
    write('{"models": [{"name": "gbm", "validationScore": NaN}]}');
    expect((await readScriptMetrics(dir)).note).toBe("metrics.json is not JSON");
    write("\u0000\u00ff garbage");
    expect((await readScriptMetrics(dir)).note).toBe("metrics.json is not JSON");
    write(JSON.stringify({ models: [{ name: "gbm", validationScore: "0.8" }] }));
    expect((await readScriptMetrics(dir)).note).toMatch(/^metrics\.json does not have the contract's shape \(models\.0\.validationScore: /);
    write(JSON.stringify({ models: [], blend: { gbm: -1 } }));
    expect((await readScriptMetrics(dir)).note).toMatch(/blend\.gbm: /);
    write(JSON.stringify({ models: [], extra: "<script>alert(1)</script>" }));
    expect((await readScriptMetrics(dir)).metrics).toBeNull();
    write(JSON.stringify([1, 2]));
    expect((await readScriptMetrics(dir)).note).toMatch(/the file: /);
    write(JSON.stringify({ models: Array.from({ length: 101 }, (_, i) => ({ name: `m${i}`, validationScore: i })) }));
    expect((await readScriptMetrics(dir)).metrics).toBeNull();
  });
});
