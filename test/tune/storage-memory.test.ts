/** @file InMemoryStorage passes the same storage conformance suite as the SQLite and PostgreSQL storages. */
import { InMemoryStorage } from "../../src/tune/storage-memory.ts";
import { storageSuite } from "./storage-suite.ts";

storageSuite("InMemoryStorage", async () => new InMemoryStorage());
