import { describe, expect, it } from "vitest";
import { type BwrapPlan, bwrapArgs } from "../../../src/tools/sandbox/bwrap-args.js";

const plan: BwrapPlan = {
  systemMounts: ["--ro-bind", "/usr", "/usr"],
  workDir: "/runs/r1",
  taskDir: "/tasks/t1/public",
  tmpBytes: 1024,
  env: { PATH: "/usr/bin", HOME: "/tmp" },
  features: { disableUserns: true, tmpfsSize: true },
  command: ["/usr/bin/python3", "-c", "pass"],
};

/** The value following a flag. */
function valueAfter(args: string[], flag: string, count = 1): string[] {
  const at = args.indexOf(flag);
  return args.slice(at + 1, at + 1 + count);
}

describe("bwrapArgs", () => {
  const args = bwrapArgs(plan);

  it("unshares every namespace, the network included, and runs as uid/gid 65534", () => {
    expect(args).toContain("--unshare-all");
    expect(args).toContain("--unshare-user");
    expect(valueAfter(args, "--uid")).toEqual(["65534"]);
    expect(valueAfter(args, "--gid")).toEqual(["65534"]);
    expect(args).not.toContain("--share-net");
    expect(args).toContain("--disable-userns");
  });

  it("dies with its parent, starts a new session and clears the environment", () => {
    expect(args).toContain("--die-with-parent");
    expect(args).toContain("--new-session");
    expect(args.indexOf("--clearenv")).toBeLessThan(args.indexOf("--setenv"));
    expect(valueAfter(args, "--setenv", 2)).toEqual(["PATH", "/usr/bin"]);
  });

  it("binds the work directory read-write, the task read-only at ./input, and a private sized /tmp", () => {
    expect(valueAfter(args, "--bind", 2)).toEqual(["/runs/r1", "/runs/r1"]);
    expect(valueAfter(args, "--ro-bind", 2)).toEqual(["/usr", "/usr"]);
    expect(args.join(" ")).toContain("--ro-bind /tasks/t1/public /runs/r1/input");
    expect(args.join(" ")).toContain("--perms 1777 --size 1024 --tmpfs /tmp");
    expect(args.join(" ")).toContain("--perms 1777 --size 1024 --tmpfs /dev/shm");
    expect(valueAfter(args, "--chdir")).toEqual(["/runs/r1"]);
  });

  it("makes / and /dev read-only after all mounts and ends with the command", () => {
    expect(args.indexOf("--remount-ro")).toBeGreaterThan(args.lastIndexOf("--ro-bind"));
    expect(args.join(" ")).toContain("--remount-ro /dev --remount-ro / --chdir /runs/r1");
    expect(args.slice(-3)).toEqual(plan.command);
  });

  it("leaves out flags the installed bubblewrap lacks, and ./input without a task", () => {
    const old = bwrapArgs({ ...plan, taskDir: null, features: { disableUserns: false, tmpfsSize: false } });
    expect(old).not.toContain("--disable-userns");
    expect(old).not.toContain("--size");
    expect(old.join(" ")).not.toContain("/input");
  });
});
