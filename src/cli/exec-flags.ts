import type { CommandSpec } from "./flags.js";
import { DEFAULT_LIMITS } from "../tools/sandbox/executor-types.js";

/** `linguacodus exec`: its usage and flags. */
export const EXEC = {
  name: "exec",
  usage: ["<script.py> [options]"],
  about: [
    "Runs one Python script in the sandbox (bubblewrap, resource limits, no network) the way a run",
    "executes generated code, and reports its exit, limits hit, peak memory, files and output.",
    "Exit codes: 0 the script succeeded, 1 it failed, 2 bad input or no usable sandbox.",
  ].join("\n"),
  flags: {
    task: { type: "string", value: "DIR", help: "a task directory the script sees, read-only, as ./input/" },
    workdir: { type: "string", value: "DIR", help: "the script's work directory", byDefault: "a new temporary directory" },
    timeout: { type: "string", value: "S", help: "wall-time limit, in seconds", byDefault: String(DEFAULT_LIMITS.wallSeconds) },
    memory: { type: "string", value: "MB", help: "memory limit, in MiB", byDefault: String(DEFAULT_LIMITS.memoryMb) },
    cpu: { type: "string", value: "S", help: "CPU-time limit, in seconds", byDefault: String(DEFAULT_LIMITS.cpuSeconds) },
    "file-size": {
      type: "string",
      value: "MB",
      help: "largest file the script may write, in MiB",
      byDefault: String(DEFAULT_LIMITS.fileSizeMb),
    },
    processes: { type: "string", value: "N", help: "most processes and threads", byDefault: String(DEFAULT_LIMITS.maxProcesses) },
    "output-bytes": {
      type: "string",
      value: "N",
      help: "bytes of stdout and of stderr kept each",
      byDefault: String(DEFAULT_LIMITS.outputBytes),
    },
    threads: { type: "string", value: "N", help: "CPU threads numeric libraries may use", byDefault: String(DEFAULT_LIMITS.threads) },
    "max-files": {
      type: "string",
      value: "N",
      help: "most entries the script may leave in its work directory",
      byDefault: String(DEFAULT_LIMITS.maxFiles),
    },
    disk: { type: "string", value: "MB", help: "most disk space its files may take, in MiB", byDefault: String(DEFAULT_LIMITS.diskMb) },
    python: { type: "string", value: "PATH", help: "the Python interpreter", byDefault: "$LINGUACODUS_PYTHON, else /usr/bin/python3" },
    "unsafe-no-sandbox": { type: "boolean", help: "run the script WITHOUT isolation, as your user (unsafe)" },
    json: { type: "boolean", help: "print the result as JSON" },
  },
} as const satisfies CommandSpec;
