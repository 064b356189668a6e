import { describe, expect, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { runPool } from "../../src/bench/pool.js";

describe("runPool", () => {
  it("never runs more than `concurrency` workers at once and runs every item", async () => {
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      peak = Math.max(peak, ++active);
      await sleep(5 + (n % 3) * 5);
      active--;
      done.push(n);
    });
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("lets the other items finish when one worker throws, then rejects", async () => {
    const done: number[] = [];
    await expect(
      runPool([1, 2, 3, 4], 2, async (n) => {
        if (n === 2) throw new Error("boom");
        await sleep(5);
        done.push(n);
      }),
    ).rejects.toThrow("boom");
    expect(done.sort()).toEqual([1, 3, 4]);
  });

  it("starts nothing new once the signal aborts", async () => {
    const stop = new AbortController();
    const started: number[] = [];
    await runPool(
      [1, 2, 3, 4],
      1,
      async (n) => {
        started.push(n);
        if (n === 2) stop.abort();
      },
      stop.signal,
    );
    expect(started).toEqual([1, 2]);
  });
});
