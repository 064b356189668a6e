import { describe, expect, it } from "vitest";
import { createPostgresExperienceStore } from "../../src/memory/postgres-store.js";
import { getExperience, linkReference, putExperience, readExperiences, forgetExperience } from "../../src/memory/experience-store.js";
import { postgresForSuite } from "../helpers/postgres.js";
import { makeRecord } from "./records.js";

describe("experience records in LangGraph's Postgres store on a real PostgreSQL", () => {
  const pg = postgresForSuite();

  it("creates its tables idempotently, round-trips records, links a reference, and a second connection sees them", async (ctx) => {
    if (!pg.server) return ctx.skip(pg.unavailable);
    const first = await createPostgresExperienceStore(pg.server.url);
    try {
      const run = makeRecord("Titanic", "Predict survival.", { score: 0.84, taskKey: "T" });
      await putExperience(first, "run:1", run);
      const reference = makeRecord("Titanic", "Predict survival.", { source: "reference", score: 0.8, taskKey: "T" });
      await putExperience(first, "reference:2", await linkReference(first, "reference:2", reference));
    } finally {
      await first.stop();
    }
    const second = await createPostgresExperienceStore(pg.server.url);
    try {
      expect(pg.server.sql("select count(*) from store")).toBe("2");
      const { items, invalid } = await readExperiences(second);
      expect(invalid).toBe(0);
      expect(items.map((i) => i.key).sort()).toEqual(["reference:2", "run:1"]);
      expect((await getExperience(second, "run:1"))?.outcome).toMatchObject({
        referenceScore: 0.8,
        relativeScore: expect.closeTo(0.05, 10),
      });
      expect((await readExperiences(second, { filter: { taskKey: "T", source: "reference" } })).items.map((i) => i.key)).toEqual([
        "reference:2",
      ]);
      expect(await forgetExperience(second, "run:1")).toBe(true);
      expect(await getExperience(second, "run:1")).toBeNull();
    } finally {
      await second.stop();
    }
  });
});
