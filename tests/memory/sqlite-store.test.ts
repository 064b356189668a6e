import { afterEach, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { SqliteStore } from "../../src/memory/sqlite-store.js";
import { tempDirs } from "../helpers/fakes.js";

const dirs = tempDirs();
const opened: SqliteStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  dirs.cleanup();
});

function open(path: string): SqliteStore {
  const store = SqliteStore.open(path);
  opened.push(store);
  return store;
}

describe("SqliteStore (a LangGraph BaseStore in one SQLite file)", () => {
  it("round-trips put, get, update and delete, and keeps created and updated times", async () => {
    const store = open(join(dirs.make(), "nested", "store.sqlite"));
    await store.put(["a", "b"], "k1", { n: 1, text: "x", nested: { list: [1, 2] } });
    const first = await store.get(["a", "b"], "k1");
    expect(first?.value).toEqual({ n: 1, text: "x", nested: { list: [1, 2] } });
    expect(first?.namespace).toEqual(["a", "b"]);
    expect(first?.key).toBe("k1");
    await new Promise((r) => setTimeout(r, 5));
    await store.put(["a", "b"], "k1", { n: 2 });
    const second = await store.get(["a", "b"], "k1");
    expect(second?.value).toEqual({ n: 2 });
    expect(second?.createdAt.getTime()).toBe(first?.createdAt.getTime());
    expect(second!.updatedAt.getTime()).toBeGreaterThan(first!.updatedAt.getTime());
    expect(await store.get(["a"], "k1")).toBeNull();
    await store.delete(["a", "b"], "k1");
    expect(await store.get(["a", "b"], "k1")).toBeNull();
  });

  it("persists across reopening the file (and a second connection sees the first's writes)", async () => {
    const path = join(dirs.make(), "store.sqlite");
    const writer = open(path);
    const reader = open(path);
    await writer.put(["ns"], "k", { v: "kept" });
    expect((await reader.get(["ns"], "k"))?.value).toEqual({ v: "kept" });
    writer.close();
    opened.splice(opened.indexOf(writer), 1);
    expect((await open(path).get(["ns"], "k"))?.value).toEqual({ v: "kept" });
  });

  it("searches a namespace prefix newest first, with equality filters, limit and offset", async () => {
    const store = open(join(dirs.make(), "s.sqlite"));
    await store.put(["x", "y"], "old", { kind: "run", i: 1 });
    await new Promise((r) => setTimeout(r, 5));
    await store.put(["x", "y", "z"], "deeper", { kind: "reference", i: 2 });
    await new Promise((r) => setTimeout(r, 5));
    await store.put(["x", "y"], "new", { kind: "run", i: 3 });
    await store.put(["xy"], "other", { kind: "run", i: 4 }); // "xy" is not under the prefix "x"
    expect((await store.search(["x"])).map((i) => i.key)).toEqual(["new", "deeper", "old"]);
    expect((await store.search(["x", "y"], { filter: { kind: "run" } })).map((i) => i.key)).toEqual(["new", "old"]);
    expect((await store.search(["x"], { limit: 1, offset: 1 })).map((i) => i.key)).toEqual(["deeper"]);
    expect((await store.search([], { limit: 10 })).map((i) => i.key).sort()).toEqual(["deeper", "new", "old", "other"]);
    await expect(store.search(["x"], { filter: { i: { $gt: 1 } } })).rejects.toThrow(/equality only; field "i"/);
  });

  it("lists namespaces with prefix, suffix and depth", async () => {
    const store = open(join(dirs.make(), "s.sqlite"));
    await store.put(["a", "b", "c"], "k", { v: 1 });
    await store.put(["a", "d"], "k", { v: 1 });
    await store.put(["e"], "k", { v: 1 });
    expect(await store.listNamespaces()).toEqual([["a", "b", "c"], ["a", "d"], ["e"]]);
    expect(await store.listNamespaces({ prefix: ["a"] })).toEqual([
      ["a", "b", "c"],
      ["a", "d"],
    ]);
    expect(await store.listNamespaces({ suffix: ["c"] })).toEqual([["a", "b", "c"]]);
    expect(await store.listNamespaces({ maxDepth: 1 })).toEqual([["a"], ["e"]]);
  });

  it("refuses invalid namespace labels before writing anything", async () => {
    const path = join(dirs.make(), "s.sqlite");
    const store = open(path);
    await expect(store.put(["a.b"], "k", { v: 1 })).rejects.toThrow(/namespace label 'a\.b'/i);
    await expect(store.batch([{ namespace: ["a:b"], key: "k", value: { v: 1 } }])).rejects.toThrow(/invalid store namespace label "a:b"/);
    await expect(store.batch([{ namespace: [], key: "k", value: { v: 1 } }])).rejects.toThrow(/namespace cannot be empty/);
    expect(await store.search([])).toEqual([]);
    expect(existsSync(path)).toBe(true);
  });
});
