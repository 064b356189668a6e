/**
 * The complete environment a script runs with. Nothing is inherited from the
 * host (no API keys, no tokens); thread counts are pinned so numeric libraries
 * stay inside the process and address-space limits.
 */
export function scriptEnv(threads: number, home: string): Record<string, string> {
  const n = String(threads);
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    TMPDIR: home,
    LANG: "C.UTF-8",
    USER: "sandbox",
    LOGNAME: "sandbox",
    PYTHONDONTWRITEBYTECODE: "1",
    PYTHONUNBUFFERED: "1",
    MPLBACKEND: "Agg",
    OMP_NUM_THREADS: n,
    OPENBLAS_NUM_THREADS: n,
    MKL_NUM_THREADS: n,
    NUMEXPR_NUM_THREADS: n,
    NUMEXPR_MAX_THREADS: n,
    LOKY_MAX_CPU_COUNT: n,
    MALLOC_ARENA_MAX: "2",
  };
}
