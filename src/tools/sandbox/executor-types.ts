import { z } from "zod";

/** Resource limits for one script run; every field has a default in DEFAULT_LIMITS. */
export const ExecLimitsSchema = z.object({
  /** Wall-clock limit in seconds; the whole process tree is killed when it fires. */
  wallSeconds: z.number().positive(),
  /** Address-space / memory limit in MiB. */
  memoryMb: z.number().int().positive(),
  /** CPU-time limit in seconds (RLIMIT_CPU). */
  cpuSeconds: z.number().int().positive(),
  /** Largest file the script may write, in MiB (RLIMIT_FSIZE). */
  fileSizeMb: z.number().int().positive(),
  /** Maximum number of processes/threads inside the sandbox. */
  maxProcesses: z.number().int().positive(),
  /** Bytes of stdout and of stderr kept each; the rest is dropped with a truncation marker. */
  outputBytes: z.number().int().positive(),
  /** CPU threads numeric libraries may use (OMP/OPENBLAS/MKL thread counts). */
  threads: z.number().int().positive(),
  /** Most entries (files, directories, anything) a run may leave in its work directory. */
  maxFiles: z.number().int().positive(),
  /** Most disk space, in MiB, the files a run leaves in its work directory may take. */
  diskMb: z.number().int().positive(),
});
export type ExecLimits = z.infer<typeof ExecLimitsSchema>;

/** One request to run a Python script. */
export const ExecRequestSchema = z.object({
  /** Path of the script to run; it is copied into the work directory as solution.py. */
  scriptPath: z.string(),
  /** Fresh working directory: the script's cwd, the only writable place besides a private /tmp. */
  workDir: z.string(),
  /** Task directory whose files the script sees, read-only, as ./input/ (absent: no input). */
  taskDir: z.string().optional(),
  /** Limits for this run; missing fields take DEFAULT_LIMITS. */
  limits: ExecLimitsSchema.partial().optional(),
});
export type ExecRequest = z.infer<typeof ExecRequestSchema>;

/** Which limit ended a run, if any. */
export const LimitKindSchema = z.enum(["wall", "memory", "cpu", "file_size", "processes", "output", "disk"]);
export type LimitKind = z.infer<typeof LimitKindSchema>;

/** The structured result of every run. */
export const ExecResultSchema = z.object({
  /** Process exit code, or null when it was killed by a signal. */
  exitCode: z.number().int().nullable(),
  /** Signal name that killed the process, or null. */
  signal: z.string().nullable(),
  /** The limit that fired, or null when the script ended on its own. */
  limitHit: LimitKindSchema.nullable(),
  /** Wall-clock duration in milliseconds. */
  durationMs: z.number(),
  /** Peak memory in KiB measured on the host (the run's cgroup peak, else the largest process's peak RSS), or null. */
  peakMemoryKb: z.number().nullable(),
  /** Last bytes of stdout (capped, with a truncation marker when cut). */
  stdout: z.string(),
  /** Last bytes of stderr (capped, with a truncation marker when cut). */
  stderr: z.string(),
  /** Whether stdout or stderr was truncated. */
  truncated: z.boolean(),
  /** Files the run left in its work directory (relative paths, excluding input/ and solution.py). */
  files: z.array(z.string()),
  /** Which isolation ran it: "bwrap" or "none" (unsafe). */
  sandbox: z.enum(["bwrap", "none"]),
  /** Protections this platform could not give the run, one sentence each (empty: none missing). */
  gaps: z.array(z.string()).default([]),
  /** True when exitCode is 0 and no limit fired. */
  ok: z.boolean(),
});
export type ExecResult = z.infer<typeof ExecResultSchema>;

/** How a caller follows one run. */
export interface ExecOptions {
  /** Cancels the run: aborting kills the whole tree. */
  signal?: AbortSignal;
  /** Receives stdout line by line while the script runs (printable, each line and the count capped, rate-limited). */
  onStdoutLine?: (line: string) => void;
}

/** Runs one Python script; implementations differ only in isolation. */
export interface PythonExecutor {
  /** A short name for logs ("bwrap", "none"). */
  readonly kind: "bwrap" | "none";
  /** Runs the script and resolves with its structured result; never rejects for script failures. */
  run(request: ExecRequest, options?: ExecOptions): Promise<ExecResult>;
}

/** Defaults sized for the 2-core, 24 GiB development machine. */
export const DEFAULT_LIMITS: ExecLimits = {
  wallSeconds: 600,
  memoryMb: 4096,
  cpuSeconds: 1800,
  fileSizeMb: 512,
  maxProcesses: 256,
  outputBytes: 64 * 1024,
  threads: 2,
  maxFiles: 10_000,
  diskMb: 4096,
};
