import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { interpreterPrefixes, systemMounts } from "../../../src/tools/sandbox/host-layout.js";

const scratch = mkdtempSync(join(tmpdir(), "linguacodus-layout-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("systemMounts", () => {
  const mounts = systemMounts("/usr/bin/python3");
  const joined = mounts.join(" ");

  it("binds /usr read-only and never /etc as a whole or its secrets", () => {
    expect(joined).toContain("--ro-bind /usr /usr");
    expect(joined).not.toMatch(/--(ro-)?bind(-try)? \/etc \/etc( |$)/);
    for (const secret of ["shadow", "gshadow", "passwd", "sudoers", "ssh", "resolv.conf", "hosts"]) {
      expect(mounts).not.toContain(`/etc/${secret}`);
    }
    expect(joined).toContain("--ro-bind-try /etc/ld.so.cache /etc/ld.so.cache");
    expect(joined).toContain("--ro-bind-try /etc/alternatives /etc/alternatives");
  });

  it("never binds the user's home, /root or the project", () => {
    for (const path of ["/root", "/home", process.cwd()]) expect(mounts).not.toContain(path);
  });
});

describe("interpreterPrefixes", () => {
  it("needs nothing extra for an interpreter under /usr", () => {
    expect(interpreterPrefixes("/usr/bin/python3")).toEqual([]);
  });

  it("exposes a venv's prefix when its python links to /usr", () => {
    const venv = join(scratch, "venv");
    mkdirSync(join(venv, "bin"), { recursive: true });
    symlinkSync("/usr/bin/python3", join(venv, "bin", "python"));
    expect(interpreterPrefixes(join(venv, "bin", "python"))).toEqual([venv]);
  });

  it("refuses to expose a top-level directory", () => {
    // /proc/self/exe exists everywhere on Linux and its prefix would be /proc.
    expect(() => interpreterPrefixes("/proc/self/exe")).toThrow(/refusing to expose \/proc/);
  });
});
