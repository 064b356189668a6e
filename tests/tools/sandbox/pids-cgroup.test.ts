import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { createPidsCgroup, findPidsCgroupParent } from "../../../src/tools/sandbox/pids-cgroup.js";

/** Only root with a writable pids cgroup can run these (that is when the executor uses cgroups). */
const parent = process.getuid?.() === 0 ? findPidsCgroupParent() : null;
if (parent === null) console.warn("SKIPPING pids-cgroup tests: not root or no writable pids cgroup");

describe.skipIf(parent === null)("pids cgroup", () => {
  it("refuses forks beyond pids.max, records it, and is removed afterwards", async () => {
    const cgroup = createPidsCgroup(parent ?? "", 4);
    const run = spawnSync("/bin/sh", ["-c", 'echo $$ > "$0" && for i in 1 2 3 4 5 6 7 8; do sleep 0.2 & done; wait', cgroup.procsFile], {
      encoding: "utf8",
    });
    expect(run.stderr).toMatch(/fork|Resource temporarily unavailable/i);
    expect(cgroup.limitHit()).toBe(true);
    cgroup.killAll();
    await cgroup.remove();
    expect(existsSync(dirname(cgroup.procsFile))).toBe(false);
  });

  it("reports no hit when the limit was not reached", async () => {
    const cgroup = createPidsCgroup(parent ?? "", 16);
    spawnSync("/bin/sh", ["-c", 'echo $$ > "$0" && true', cgroup.procsFile]);
    expect(cgroup.limitHit()).toBe(false);
    await cgroup.remove();
  });

  it("removes empty cgroups of dead owners when an executor looks for its parent", () => {
    const deadPid = spawnSync("/bin/true").pid ?? 0;
    const stale = join(parent ?? "", `linguacodus-${deadPid}-1`);
    mkdirSync(stale);
    expect(findPidsCgroupParent()).toBe(parent);
    expect(existsSync(stale)).toBe(false);
  });
});
