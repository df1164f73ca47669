/** @file Generated from the op database: every expected error is thrown with a message naming the op and what was wrong. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { OPDB } from "./opdb.ts";

for (const e of OPDB.filter((x) => x.errors?.length)) {
  describe(`${e.name} errors`, () => {
    for (const c of e.errors!) {
      test(c.desc, () => {
        assert.throws(c.call, (err: unknown) => {
          assert.ok(err instanceof Error, `${e.name} "${c.desc}": threw a non-Error ${String(err)}`);
          assert.match(err.message, c.message);
          return true;
        });
      });
    }
  });
}
