import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/setup/tmpdir.ts", "tests/setup/from-source.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Tests run real Python in the sandbox; two cores, so keep files from oversubscribing them.
    maxWorkers: 2,
  },
});
