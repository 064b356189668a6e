import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { BenchResultsSchema, type BenchResults, type TaskResult } from "../../../src/bench/result.js";
import { startPostgres, type Postgres } from "../../helpers/postgres.js";
import { alive, startWorker, stopWorker, type WorkerProcess } from "./workers.js";

/** Bench and solve options of the queue tests: the offline engine, one candidate. */
export const OFFLINE = ["--engine", "offline", "--candidates", "1"];

/** Workers renew their lease every 3 s: a dead worker's job is retried about 15 s after its last renewal. */
const WORKER = ["--lease", "15"];

/** A bench's results.json. */
export function readResults(out: string): BenchResults {
  return BenchResultsSchema.parse(JSON.parse(readFileSync(join(out, "results.json"), "utf8")));
}

/** The results a bench has recorded so far (none while results.json is missing or being replaced). */
export function resultsSoFar(out: string): TaskResult[] {
  try {
    return readResults(out).results;
  } catch {
    return [];
  }
}

/** What a queue test file gets: its PostgreSQL, a scratch directory, and the workers it starts (all stopped after the file). */
export interface QueueFixture {
  /** The server, or null when it cannot start here (`unavailable` says why). */
  postgres: Postgres | null;
  /** Why there is no server. */
  unavailable: string;
  /** Scratch directory of the file. */
  root: string;
  /** Environment of the processes started: their temporary files (tsx's cache) go under root. */
  env: Record<string, string>;
  /** Starts a `linguacodus worker` on the file's queue. */
  startWorker(): WorkerProcess;
  /** The workers still running. */
  live(): WorkerProcess[];
}

/** Starts a PostgreSQL for the test file (beforeAll) and stops it, the workers and the scratch directory after it. */
export function useQueueFixture(): QueueFixture {
  const root = mkdtempSync(join(tmpdir(), "lc-queue-"));
  mkdirSync(join(root, "tmp"));
  const workers: WorkerProcess[] = [];
  const fixture: QueueFixture = {
    postgres: null,
    unavailable: "",
    root,
    env: { TMPDIR: join(root, "tmp") },
    startWorker() {
      const worker = startWorker(fixture.postgres!.url, WORKER, fixture.env);
      workers.push(worker);
      return worker;
    },
    live: () => workers.filter((w) => alive(w.pid)),
  };
  beforeAll(async () => {
    fixture.postgres = await startPostgres().catch((error: Error) => {
      fixture.unavailable = `skipping: PostgreSQL cannot start here: ${error.message}`;
      console.warn(fixture.unavailable);
      return null;
    });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map(stopWorker));
    await fixture.postgres?.stop();
    rmSync(root, { recursive: true, force: true });
  });
  return fixture;
}
