import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { experienceCommand } from "../../src/cli/experience-command.js";
import { SqliteStore } from "../../src/memory/sqlite-store.js";
import { putExperience, readExperiences } from "../../src/memory/experience-store.js";
import { tempDirs } from "../helpers/fakes.js";
import { makeRecord } from "./records.js";

const dirs = tempDirs();
let out: string[];
let err: string[];
let path: string;

beforeEach(async () => {
  out = [];
  err = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => err.push(String(chunk)) > 0);
  path = join(dirs.make("lc-experience-cli-"), "experience.sqlite");
  const store = SqliteStore.open(path);
  await putExperience(store, "run:a", makeRecord("Titanic", "Predict survival.", { relative: 0.021, approach: "XGBoost on features" }));
  await putExperience(store, "reference:b", makeRecord("Titanic", "Predict survival.", { source: "reference", score: 0.78 }));
  store.close();
});
afterEach(() => {
  vi.restoreAllMocks();
  dirs.cleanup();
});

const stored = async () => {
  const store = SqliteStore.open(path);
  try {
    return (await readExperiences(store)).items.map((i) => i.key).sort();
  } finally {
    store.close();
  }
};

describe("linguacodus experience", () => {
  it("list shows every record with its instruction, score and relative score", async () => {
    expect(await experienceCommand(["list", "--store", path])).toBe(0);
    const text = out.join("");
    expect(text.split("\n")[0]).toMatch(/^key\s+recorded\s+task\s+kind\s+instruction\s+score\s+vs ref$/);
    expect(text).toMatch(/run:a\s+2026-01-02 03:04\s+Titanic\s+binary, accuracy, tabul…\s+XGBoost on features\s+0\.8000\s+\+2\.1%/);
    expect(text).toMatch(/reference:b .*\(plain reference\)\s+0\.7800\s+—/);
    out.length = 0;
    expect(await experienceCommand(["list", "--store", path, "--json", "--limit", "1"])).toBe(0);
    expect(JSON.parse(out.join(""))).toHaveLength(1);
  });

  it("show prints one record as JSON; a missing key exits 1 naming it", async () => {
    expect(await experienceCommand(["show", "run:a", "--store", path])).toBe(0);
    const shown = JSON.parse(out.join(""));
    expect(shown).toMatchObject({ key: "run:a", source: "run", outcome: { relativeScore: 0.021 } });
    expect(await experienceCommand(["show", "run:nope", "--store", path])).toBe(1);
    expect(err.join("")).toContain(`no experience "run:nope" in ${path}`);
  });

  it("forget deletes the named records, or all of them", async () => {
    expect(await experienceCommand(["forget", "run:a", "--store", path])).toBe(0);
    expect(out.join("")).toContain("forgot 1 experience(s)");
    expect(await stored()).toEqual(["reference:b"]);
    expect(await experienceCommand(["forget", "run:a", "--store", path])).toBe(1);
    expect(await experienceCommand(["forget", "--all", "--store", path])).toBe(0);
    expect(await stored()).toEqual([]);
  });

  it("refuses bad usage with exit 2, and never creates a missing store", async () => {
    expect(await experienceCommand(["forget", "--store", path])).toBe(2);
    expect(await experienceCommand(["forget", "k", "--all", "--store", path])).toBe(2);
    expect(await experienceCommand(["show", "--store", path])).toBe(2);
    expect(await experienceCommand(["purge"])).toBe(2);
    expect(await experienceCommand(["list", "--limit", "0", "--store", path])).toBe(2);
    const missing = join(dirs.make(), "none.sqlite");
    expect(await experienceCommand(["list", "--store", missing])).toBe(0);
    expect(out.join("")).toContain(`no experience store at ${missing}`);
    expect(await experienceCommand(["show", "k", "--store", missing])).toBe(1);
    expect(existsSync(missing)).toBe(false);
  });
});
