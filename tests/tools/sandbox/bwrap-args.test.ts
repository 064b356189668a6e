import { describe, expect, it } from "vitest";
import { type BwrapPlan, bwrapArgs } from "../../../src/tools/sandbox/bwrap-args.js";

const plan: BwrapPlan = {
  systemMounts: ["--ro-bind", "/usr", "/usr"],
  workDir: "/runs/r1",
  input: { kind: "directory", path: "/tasks/t1/public" },
  tmpBytes: 1024,
  env: { PATH: "/usr/bin", HOME: "/tmp" },
  features: { disableUserns: true, tmpfsSize: true },
  identity: { kind: "caller" },
  seccompFd: 3,
  statusFd: 4,
  command: ["/usr/bin/python3", "-c", "pass"],
};

const dedicated: BwrapPlan = { ...plan, identity: { kind: "dedicated", uid: 65000, gid: 65001 } };

/** The value following a flag. */
function valueAfter(args: string[], flag: string, count = 1): string[] {
  const at = args.indexOf(flag);
  return args.slice(at + 1, at + 1 + count);
}

describe("bwrapArgs", () => {
  const args = bwrapArgs(plan);

  it("for a normal user: unshares every namespace, runs as uid/gid 65534 of a user namespace, the script as pid 1", () => {
    expect(args).toContain("--unshare-all");
    expect(args).toContain("--unshare-user");
    expect(valueAfter(args, "--uid")).toEqual(["65534"]);
    expect(valueAfter(args, "--gid")).toEqual(["65534"]);
    expect(args).toContain("--as-pid-1");
    expect(args).not.toContain("--share-net");
    expect(args).toContain("--disable-userns");
    expect(args).not.toContain("/usr/bin/setpriv");
  });

  it("for root: no user namespace, every capability dropped but path search and those setpriv needs to become the dedicated uid", () => {
    const root = bwrapArgs(dedicated);
    expect(root).not.toContain("--unshare-user");
    expect(root).not.toContain("--unshare-all");
    for (const flag of ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"])
      expect(root).toContain(flag);
    expect(root.join(" ")).toContain(
      "--cap-drop ALL --cap-add CAP_DAC_READ_SEARCH --cap-add CAP_SETUID --cap-add CAP_SETGID --cap-add CAP_SETPCAP",
    );
    expect(root).not.toContain("--as-pid-1");
    expect(root.slice(-10)).toEqual([
      "/usr/bin/setpriv",
      "--reuid=65000",
      "--regid=65001",
      "--clear-groups",
      "--inh-caps=-all",
      "--bounding-set=-all",
      "--",
      ...plan.command,
    ]);
  });

  it("dies with its parent, starts a new session and clears the environment", () => {
    expect(args).toContain("--die-with-parent");
    expect(args).toContain("--new-session");
    expect(args.indexOf("--clearenv")).toBeLessThan(args.indexOf("--setenv"));
    expect(valueAfter(args, "--setenv", 2)).toEqual(["PATH", "/usr/bin"]);
  });

  it("mounts /proc/sys read-only and loads the seccomp filter and the status descriptor", () => {
    expect(args.join(" ")).toContain("--proc /proc --ro-bind /proc/sys /proc/sys");
    expect(valueAfter(args, "--seccomp")).toEqual(["3"]);
    expect(valueAfter(args, "--json-status-fd")).toEqual(["4"]);
  });

  it("binds the work directory read-write below a searchable parent, the task read-only at ./input, and a private sized /tmp", () => {
    expect(args.join(" ")).toContain("--perms 0755 --dir /runs --bind /runs/r1 /runs/r1");
    expect(args.join(" ")).toContain("--ro-bind /tasks/t1/public /runs/r1/input");
    expect(args.join(" ")).toContain("--perms 1777 --size 1024 --tmpfs /tmp");
    expect(args.join(" ")).toContain("--perms 1777 --size 1024 --tmpfs /dev/shm");
    expect(valueAfter(args, "--chdir")).toEqual(["/runs/r1"]);
  });

  it("binds task entries one by one on a read-only tmpfs, recreating symlinks", () => {
    const entries = bwrapArgs({
      ...plan,
      input: {
        kind: "entries",
        entries: [
          { name: "train.csv", source: "/tasks/t1/public/train.csv" },
          { name: "link", symlink: "../private/answers.csv" },
        ],
      },
    }).join(" ");
    expect(entries).toContain(
      "--perms 0755 --size 1048576 --tmpfs /runs/r1/input --ro-bind /tasks/t1/public/train.csv /runs/r1/input/train.csv " +
        "--symlink ../private/answers.csv /runs/r1/input/link --remount-ro /runs/r1/input",
    );
  });

  it("makes / and /dev read-only after all mounts and ends with the command", () => {
    expect(args.indexOf("--remount-ro")).toBeGreaterThan(args.lastIndexOf("--ro-bind"));
    expect(args.join(" ")).toContain("--remount-ro /dev --remount-ro / --seccomp 3 --json-status-fd 4 --chdir /runs/r1");
    expect(args.slice(-3)).toEqual(plan.command);
  });

  it("leaves out flags the installed bubblewrap lacks, and ./input without a task", () => {
    const old = bwrapArgs({ ...plan, input: null, features: { disableUserns: false, tmpfsSize: false } });
    expect(old).not.toContain("--disable-userns");
    expect(old).not.toContain("--size");
    expect(old.join(" ")).not.toContain("/input");
  });
});
