/**
 * @file PostgresStorage: the conformance suite, an unreachable server, and three worker processes sharing one
 * study with one SIGKILLed. Needs LERNWERK_TEST_POSTGRES_URL (tools/start-postgres.sh prints one); in CI its absence fails.
 */
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { describe, it } from "node:test";
import { PostgresStorage } from "../../src/tune/storage-postgres.ts";
import { storageFromUrl } from "../../src/tune/storage-url.ts";
import { TuneError } from "../../src/tune/storage.ts";
import { killedWorkerScenario } from "./multiprocess-helpers.ts";
import { storageSuite, uniqueName } from "./storage-suite.ts";

const URL_ = process.env.LERNWERK_TEST_POSTGRES_URL;
const SKIP = URL_ ? false : "LERNWERK_TEST_POSTGRES_URL is not set: install the Debian package postgresql and run `export LERNWERK_TEST_POSTGRES_URL=\"$(tools/start-postgres.sh)\"`";

if (!URL_ && process.env.CI === "true") {
  it("PostgreSQL is available in CI", () => assert.fail(`${SKIP} (.ci/run must start it, see docs/_notes/tune-store.md)`));
}

storageSuite("PostgresStorage", () => PostgresStorage.connect(URL_!), { skip: SKIP });

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe("PostgresStorage connection errors", () => {
  it("a URL that does not connect is STORAGE_UNAVAILABLE naming host and port, never the password", async () => {
    const port = await closedPort();
    await assert.rejects(PostgresStorage.connect(`postgresql://lw:s3cret-pw@127.0.0.1:${port}/lw`, { connectTimeoutMs: 2000 }), (e: unknown) => {
      assert.ok(e instanceof TuneError);
      assert.equal(e.code, "STORAGE_UNAVAILABLE");
      assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}/lw`));
      assert.doesNotMatch(e.message, /s3cret/);
      return true;
    });
  });

  it("a URL that is not postgresql:// is INVALID_ARGUMENT", async () => {
    await assert.rejects(PostgresStorage.connect("mysql://u:pw@h/db"), (e: unknown) => e instanceof TuneError && e.code === "INVALID_ARGUMENT" && !/pw@/.test(e.message));
  });

  it("a wrong password is STORAGE_UNAVAILABLE without the password", { skip: SKIP }, async () => {
    const u = new URL(URL_!);
    u.password = "wrong-pass-xyz";
    await assert.rejects(PostgresStorage.connect(u.toString()), (e: unknown) => e instanceof TuneError && e.code === "STORAGE_UNAVAILABLE" && !/wrong-pass-xyz/.test(e.message) && e.message.includes(`${u.hostname}:${u.port}`));
  });
});

describe("PostgresStorage across processes", { skip: SKIP }, () => {
  it("storageFromUrl connects to postgresql:// URLs", async () => {
    const s = await storageFromUrl(URL_!);
    assert.ok(s instanceof PostgresStorage);
    await s.close();
  });

  it("two connections racing createTrial and popWaitingTrial get unique numbers and distinct trials", async () => {
    const [a, b] = await Promise.all([PostgresStorage.connect(URL_!), PostgresStorage.connect(URL_!)]);
    try {
      const st = await a.createStudy(uniqueName("pg-race"), ["minimize"]);
      const made = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).createTrial(st.studyId, { state: "WAITING" })));
      assert.deepEqual(made.map((t) => t.number).sort((x, y) => x - y), [...Array(20).keys()]);
      const popped = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).popWaitingTrial(st.studyId)));
      const ids = popped.filter((t) => t !== null).map((t) => t!.trialId);
      assert.equal(new Set(ids).size, 20);
      await assert.rejects(b.createStudy(st.studyName, ["minimize"]), (e: unknown) => e instanceof TuneError && e.code === "DUPLICATED_STUDY");
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("three worker processes share one study; a SIGKILLed worker's trial is failed, numbers stay contiguous", { timeout: 60_000 }, async () => {
    const s = await PostgresStorage.connect(URL_!);
    try {
      await killedWorkerScenario(s, URL_!, uniqueName("pg-shared"));
    } finally {
      await s.close();
    }
  });
});
