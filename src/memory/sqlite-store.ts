import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import {
  BaseStore,
  type GetOperation,
  type Item,
  type ListNamespacesOperation,
  type MatchCondition,
  type Operation,
  type OperationResults,
  type PutOperation,
  type SearchOperation,
} from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";

/** The few better-sqlite3 calls the store makes. */
interface SqliteStatement {
  /** Runs a writing statement. */
  run(...params: unknown[]): unknown;
  /** All rows of a query. */
  all(...params: unknown[]): unknown[];
  /** The first row of a query, or undefined. */
  get(...params: unknown[]): unknown;
}

/** A better-sqlite3 database, as far as the store uses it. */
interface SqliteDatabase {
  /** Compiles a statement. */
  prepare(sql: string): SqliteStatement;
  /** Runs statements without results. */
  exec(sql: string): unknown;
  /** Sets or reads a pragma. */
  pragma(source: string): unknown;
  /** Wraps a function in one transaction. */
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  /** Closes the file. */
  close(): unknown;
}

/** A search result (LangGraph's SearchItem: an item with an optional relevance score). */
type SearchItem = Item & { score?: number };

/** One row of the items table. */
interface Row {
  namespace: string;
  key: string;
  value: string;
  created_at: string;
  updated_at: string;
}

/** Namespace labels are joined with "." in the table (LangGraph forbids "." inside a label). */
const SEPARATOR = ".";

/** How long a writer waits for another process's lock before failing, in milliseconds. */
const BUSY_TIMEOUT_MS = 10_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS store_items (
  namespace TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (namespace, key)
);
CREATE INDEX IF NOT EXISTS store_items_updated ON store_items (namespace, updated_at);
`;

/** Checks a namespace as LangGraph's stores do: non-empty labels without ".", ":" or NUL. */
function checkNamespace(namespace: readonly string[], allowEmpty = false): void {
  if (namespace.length === 0 && !allowEmpty) throw new Error("a store namespace cannot be empty");
  for (const label of namespace) {
    if (typeof label !== "string" || label === "" || /[.:\0]/.test(label)) {
      throw new Error(`invalid store namespace label ${JSON.stringify(label)}: labels are non-empty strings without ".", ":" or NUL`);
    }
  }
}

/** Whether a stored value matches an equality filter on its top-level fields. */
function matches(value: Record<string, unknown>, filter: Record<string, unknown> | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([field, wanted]) => {
    if (wanted !== null && typeof wanted === "object") {
      throw new Error(`the SQLite store filters by equality only; field "${field}" has an operator object`);
    }
    return value[field] === wanted;
  });
}

/** Whether a namespace satisfies a list-namespaces condition ("*" matches any label). */
function satisfies(condition: MatchCondition, namespace: string[]): boolean {
  const { path, matchType } = condition;
  if (path.length > namespace.length) return false;
  const start = matchType === "prefix" ? 0 : namespace.length - path.length;
  return path.every((label, i) => label === "*" || label === namespace[start + i]);
}

/**
 * A LangGraph BaseStore in one SQLite file (better-sqlite3, WAL mode, so several processes can share
 * it): get, put, delete, search by namespace prefix with equality filters (newest first), and list
 * namespaces. No vector index: `query` is ignored, as in the InMemoryStore without embeddings.
 */
export class SqliteStore extends BaseStore {
  private readonly db: SqliteDatabase;

  private constructor(db: SqliteDatabase) {
    super();
    this.db = db;
    this.db.pragma("journal_mode = WAL");
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.db.exec(SCHEMA);
  }

  /**
   * Opens (creating) the store file. better-sqlite3 comes with the SQLite checkpointer package,
   * whose saver opens the file; its checkpoint tables are only made when it checkpoints, which it never does here.
   */
  static open(path: string): SqliteStore {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    const db: SqliteDatabase = SqliteSaver.fromConnString(path).db;
    return new SqliteStore(db);
  }

  /** Runs the operations in order, writes in one transaction at the end (LangGraph's batch contract). */
  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    const results: unknown[] = [];
    const puts: PutOperation[] = [];
    for (const op of operations) {
      if ("value" in op) {
        checkNamespace(op.namespace);
        puts.push(op);
        results.push(undefined);
      } else if ("key" in op) results.push(this.getItem(op));
      else if ("namespacePrefix" in op) results.push(this.searchItems(op));
      else results.push(this.namespacesOf(op));
    }
    if (puts.length) this.writeAll(puts);
    return results as OperationResults<Op>;
  }

  /** Closes the file; the store cannot be used afterwards. */
  close(): void {
    this.db.close();
  }

  private getItem(op: GetOperation): Item | null {
    checkNamespace(op.namespace);
    const row = this.db.prepare("SELECT * FROM store_items WHERE namespace = ? AND key = ?").get(op.namespace.join(SEPARATOR), op.key) as
      | Row
      | undefined;
    return row ? toItem(row) : null;
  }

  private searchItems(op: SearchOperation): SearchItem[] {
    checkNamespace(op.namespacePrefix, true);
    const prefix = op.namespacePrefix.join(SEPARATOR);
    const rows = (
      prefix
        ? this.db
            .prepare("SELECT * FROM store_items WHERE namespace = ? OR substr(namespace, 1, ?) = ? ORDER BY updated_at DESC, key")
            .all(prefix, prefix.length + 1, `${prefix}${SEPARATOR}`)
        : this.db.prepare("SELECT * FROM store_items ORDER BY updated_at DESC, key").all()
    ) as Row[];
    const offset = op.offset ?? 0;
    const limit = op.limit ?? 10;
    return rows
      .map(toItem)
      .filter((item) => matches(item.value, op.filter))
      .slice(offset, offset + limit);
  }

  private namespacesOf(op: ListNamespacesOperation): string[][] {
    const rows = this.db.prepare("SELECT DISTINCT namespace FROM store_items ORDER BY namespace").all() as Array<{ namespace: string }>;
    let namespaces = rows.map((r) => r.namespace.split(SEPARATOR));
    if (op.matchConditions?.length) namespaces = namespaces.filter((ns) => op.matchConditions!.every((c) => satisfies(c, ns)));
    if (op.maxDepth !== undefined) {
      const cut = new Set(namespaces.map((ns) => ns.slice(0, op.maxDepth).join(SEPARATOR)));
      namespaces = [...cut].sort().map((ns) => ns.split(SEPARATOR));
    }
    return namespaces.slice(op.offset, op.offset + op.limit);
  }

  private writeAll(puts: PutOperation[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO store_items (namespace, key, value, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    const remove = this.db.prepare("DELETE FROM store_items WHERE namespace = ? AND key = ?");
    const write = this.db.transaction((ops: PutOperation[]) => {
      const now = new Date().toISOString();
      for (const op of ops) {
        const namespace = op.namespace.join(SEPARATOR);
        if (op.value === null) remove.run(namespace, op.key);
        else upsert.run(namespace, op.key, JSON.stringify(op.value), now, now);
      }
    });
    write(puts);
  }
}

/** A table row as a store item. */
function toItem(row: Row): Item {
  return {
    namespace: row.namespace.split(SEPARATOR),
    key: row.key,
    value: JSON.parse(row.value) as Record<string, unknown>,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
