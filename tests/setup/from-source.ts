/** Vitest global setup: every CLI process a test starts runs the TypeScript sources, never a stale dist/ build. */
export default function setup(): void {
  process.env.LINGUACODUS_FROM_SOURCE = "1";
}
