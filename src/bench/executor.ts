import type { PythonExecutor } from "../tools/executor-types.js";

/** Wraps an executor so every script it runs may use at most `threads` CPU threads (OMP/BLAS/MKL). */
export function withThreads(executor: PythonExecutor, threads: number): PythonExecutor {
  return {
    kind: executor.kind,
    run: (request) => executor.run({ ...request, limits: { ...request.limits, threads } }),
  };
}
