import { z } from "zod";

/** What python/probe_env.py found in the run's interpreter, inside the run's sandbox. */
export const EnvironmentSchema = z.object({
  /** Python version, e.g. "3.11.2". */
  python: z.string(),
  /** Python implementation, e.g. "CPython". */
  implementation: z.string(),
  /** Installed machine-learning libraries by distribution name, with their versions ("unknown" without metadata). */
  libraries: z.record(z.string(), z.string()),
  /** Probed libraries that are not installed. */
  missing: z.array(z.string()),
  /** CPUs a script may run on (affinity, bounded by a cgroup quota). */
  cpus: z.number().int().positive(),
  /** Names of the visible GPUs (empty: none). */
  gpus: z.array(z.string()),
});
export type Environment = z.infer<typeof EnvironmentSchema>;
