import type { Environment } from "../../types/environment.js";

/**
 * The probe's facts as the placeholders of prompts/fragments/environment.md and libraries.md:
 * {python_version} {libraries} {missing_libraries} {cpus} {gpu}. Without a probe result every
 * prompt says that the environment is unknown rather than guessing.
 */
export function environmentValues(environment: Environment | null | undefined): Record<string, string> {
  if (!environment) {
    return {
      python_version: "3 (exact version unknown: the environment probe failed)",
      libraries: "unknown (the environment probe failed; import only what the script needs and expect failures)",
      missing_libraries: "unknown",
      cpus: "a few",
      gpu: "it is not known whether a GPU is visible",
    };
  }
  const installed = Object.entries(environment.libraries).map(([name, version]) => `${name} ${version}`);
  return {
    python_version: environment.python,
    libraries: installed.length ? installed.join(", ") : "none of the usual machine-learning libraries (standard library only)",
    missing_libraries: environment.missing.length ? environment.missing.join(", ") : "none of those probed",
    cpus: String(environment.cpus),
    gpu: environment.gpus.length ? `a GPU is visible (${environment.gpus.join(", ")})` : "no GPU",
  };
}
