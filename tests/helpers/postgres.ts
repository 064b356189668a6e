/**
 * Starts a throwaway PostgreSQL server for integration tests: Debian's packaged binaries
 * (/usr/lib/postgresql/<version>/bin, newest version first), a cluster in a temporary directory,
 * trust authentication, TCP on 127.0.0.1 at a free port only. PostgreSQL refuses to run as root,
 * so as root every command runs as the `postgres` user the Debian package creates (runuser).
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll } from "vitest";
import { freePort, startService, waitUntilReady } from "./service-process.js";

/** Where Debian installs each PostgreSQL version's server binaries. */
export const DEBIAN_POSTGRES_ROOT = "/usr/lib/postgresql";

/** A running PostgreSQL server. */
export interface Postgres {
  /** Connection string of the `postgres` database as the `postgres` superuser. */
  url: string;
  /** Runs one SQL statement with psql and returns its unaligned, tuples-only output. */
  sql(query: string): string;
  /**
   * Stops the server (fast shutdown), calls `whileDown`, waits `downMs`, and starts it again on the
   * same data and port, as a database restart does.
   */
  restart(downMs?: number, whileDown?: () => void): Promise<void>;
  /** Stops the server (fast shutdown, then SIGKILL) and removes its directory. */
  stop(): Promise<void>;
}

/** The newest Debian PostgreSQL bin directory holding initdb, postgres, pg_isready and psql; null when none. */
export function findPostgresBin(root = DEBIAN_POSTGRES_ROOT): string | null {
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  const tools = ["initdb", "postgres", "pg_isready", "psql"];
  const found = versions.map((v) => join(root, v, "bin")).find((bin) => tools.every((t) => existsSync(join(bin, t))));
  return found ?? null;
}

/** The command prefix that runs a PostgreSQL binary as a non-root user, and that user's ids. */
function asPostgresUser(): { prefix: string[]; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const entry = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!entry) throw new Error("running as root and there is no `postgres` user to run PostgreSQL as (install the postgresql package)");
  const [, , uid, gid] = entry.split(":");
  return { prefix: ["runuser", "-u", "postgres", "--"], uid: Number(uid), gid: Number(gid) };
}

/** Initialises a cluster in a temporary directory and starts PostgreSQL on it; throws with its log if it does not come up. */
export async function startPostgres(timeoutMs = 30_000): Promise<Postgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(`no PostgreSQL server binaries under ${DEBIAN_POSTGRES_ROOT}/*/bin (apt-get install postgresql)`);
  const user = asPostgresUser();
  const dir = mkdtempSync(join(tmpdir(), "lc-postgres-"));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, "data");
  const port = await freePort();
  const command = (tool: string, args: string[]): [string, string[]] => {
    const argv = [...(user?.prefix ?? []), join(bin, tool), ...args];
    return [argv[0], argv.slice(1)];
  };
  const run = (tool: string, args: string[]) =>
    execFileSync(...command(tool, args), { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"]);
  const serverArgs = ["-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"];
  let server = startService(...command("postgres", serverArgs), { cwd: dir });
  const stop = async () => {
    await server.stop("SIGINT", 10_000);
    rmSync(dir, { recursive: true, force: true });
  };
  const connection = ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres"];
  const sql = (query: string) => run("psql", [...connection, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-Atc", query]).trim();

  const ready = async () => {
    try {
      run("pg_isready", [...connection, "-d", "postgres"]);
      return true;
    } catch {
      return false;
    }
  };
  const restart = async (downMs = 0, whileDown?: () => void) => {
    await server.stop("SIGINT", 10_000);
    whileDown?.();
    await sleep(downMs);
    server = startService(...command("postgres", serverArgs), { cwd: dir });
    if (!(await waitUntilReady(server, ready, timeoutMs, 100)))
      throw new Error(`PostgreSQL did not come back:\n${server.log().slice(-4000)}`);
  };
  if (await waitUntilReady(server, ready, timeoutMs, 200))
    return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, sql, restart, stop };
  await stop();
  throw new Error(
    `PostgreSQL did not come up on 127.0.0.1:${port} (${server.running() ? "timed out" : "exited"}):\n${server.log().slice(-4000)}`,
  );
}

/** A PostgreSQL server for the tests of one describe block, and why there is none when it could not start. */
export interface SuitePostgres {
  /** The running server (null before the block's tests start, or when it could not start). */
  server: Postgres | null;
  /** Why the server could not start ("" when it runs); tests skip with it. */
  unavailable: string;
}

/** Starts PostgreSQL before the calling describe block's tests and stops it after them; a server that cannot start is warned about and left null. */
export function postgresForSuite(): SuitePostgres {
  const suite: SuitePostgres = { server: null, unavailable: "" };
  beforeAll(async () => {
    suite.server = await startPostgres().catch((error: Error) => {
      suite.unavailable = `skipping: PostgreSQL cannot start here: ${error.message}`;
      console.warn(suite.unavailable);
      return null;
    });
  }, 60_000);
  afterAll(async () => {
    await suite.server?.stop();
  });
  return suite;
}
