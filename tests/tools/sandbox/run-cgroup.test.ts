import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRunCgroup, findCgroupLayout, v2Parents } from "../../../src/tools/sandbox/run-cgroup.js";

/** Only a caller that may create cgroups (root here) can run these; the executor falls back otherwise. */
const layout = findCgroupLayout();
if (layout === null) console.warn("SKIPPING run-cgroup tests: this process may not create cgroups here");

/** Runs a shell in the cgroup: it joins every cgroup.procs file first. */
function inCgroup(procsFiles: string[], script: string) {
  return spawnSync("/bin/sh", ["-c", `for f in $CGROUP_PROCS; do echo $$ > "$f"; done; ${script}`], {
    encoding: "utf8",
    env: { PATH: "/usr/bin:/bin", CGROUP_PROCS: procsFiles.join(" ") },
  });
}

describe.skipIf(layout === null)("per-run cgroup", () => {
  const limits = { memoryBytes: 64 * 1024 * 1024, maxProcesses: 4 };

  it.skipIf(layout?.version === 1 && layout.pidsParent === null)(
    "refuses forks beyond pids.max, records it, and is removed afterwards",
    async () => {
      const cgroup = createRunCgroup(layout ?? { version: 2, parent: "" }, limits);
      const run = inCgroup(cgroup.procsFiles, "for i in 1 2 3 4 5 6 7 8; do sleep 0.2 & done; wait");
      expect(run.stderr).toMatch(/fork|Resource temporarily unavailable/i);
      expect(cgroup.report().pidsRefused).toBe(true);
      cgroup.killAll();
      await cgroup.remove();
      for (const file of cgroup.procsFiles) expect(existsSync(dirname(file))).toBe(false);
    },
  );

  it.skipIf(layout?.version === 1 && layout.memoryParent === null)(
    "counts memfd pages: the OOM kill is recorded and the peak stays at the limit",
    async () => {
      const cgroup = createRunCgroup(layout ?? { version: 2, parent: "" }, limits);
      const run = inCgroup(
        cgroup.procsFiles,
        `exec /usr/bin/python3 -c "import os; fd = os.memfd_create('x'); [os.write(fd, b'x' * (1 << 20)) for _ in range(256)]"`,
      );
      expect(run.signal).toBe("SIGKILL");
      const report = cgroup.report();
      expect(report.oomKilled).toBe(true);
      expect(report.peakKb).toBeLessThanOrEqual(64 * 1024);
      expect(cgroup.isEmpty()).toBe(true);
      await cgroup.remove();
    },
  );

  it("reports no limit event when none was reached", async () => {
    const cgroup = createRunCgroup(layout ?? { version: 2, parent: "" }, { memoryBytes: 256 * 1024 * 1024, maxProcesses: 16 });
    inCgroup(cgroup.procsFiles, "true");
    expect(cgroup.report()).toMatchObject({ oomKilled: false, pidsRefused: false });
    await cgroup.remove();
  });

  it("removes empty cgroups of dead owners when the layout is probed", () => {
    const parent = layout?.version === 2 ? layout.parent : (layout?.memoryParent ?? layout?.pidsParent ?? "");
    const deadPid = spawnSync("/bin/true").pid ?? 0;
    const stale = join(parent, `linguacodus-${deadPid}-1`);
    mkdirSync(stale);
    findCgroupLayout();
    expect(existsSync(stale)).toBe(false);
  });
});

describe("cgroup v2 parents", () => {
  const mount = "/sys/fs/cgroup";
  const tree = (enabled: Record<string, string>) => (file: string) => enabled[dirname(file)] ?? "";

  it("puts the runs below the nearest ancestor that enables memory and pids (a systemd root caller)", () => {
    const read = tree({ "/sys/fs/cgroup": "cpuset cpu io memory hugetlb pids rdma misc", "/sys/fs/cgroup/user.slice": "memory" });
    expect(v2Parents("/sys/fs/cgroup/user.slice/user-0.slice/session-3.scope", mount, read)).toEqual([
      "/sys/fs/cgroup/user.slice/user-0.slice/session-3.scope",
      "/sys/fs/cgroup/linguacodus-runs",
    ]);
  });

  it("stops at a delegated slice of a normal user", () => {
    const read = tree({
      "/sys/fs/cgroup": "memory pids",
      "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice": "cpu memory pids",
    });
    expect(v2Parents("/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/run.scope", mount, read)).toEqual([
      "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/run.scope",
      "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/linguacodus-runs",
    ]);
  });

  it("offers only the own cgroup for the root cgroup or where no ancestor enables both", () => {
    expect(v2Parents("/sys/fs/cgroup/", mount, tree({}))).toEqual(["/sys/fs/cgroup/"]);
    expect(v2Parents("/sys/fs/cgroup/docker/abc", mount, tree({ "/sys/fs/cgroup": "memory" }))).toEqual(["/sys/fs/cgroup/docker/abc"]);
  });
});
