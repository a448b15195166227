import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/core/parse-document.ts";
import { machineSigner } from "../../src/safety/machine-signer.ts";
import { checkSignature } from "../../src/safety/sign-handoff.ts";
import { openStore } from "../../src/store/open-store.ts";
import { makeTempDir } from "../support/temp-repo.ts";
import { makeNewHandoff } from "./make-handoff.ts";

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const fact = (text: string) => [{ text, provenance: "claimed" as const }];

describe("the store signs at its one write path", () => {
  it("signs what it creates and what it revises of its own; the lifecycle keeps the signature", async () => {
    root = makeTempDir("baton-signed-");
    const env = { XDG_CONFIG_HOME: join(root, "config") };
    const store = openStore({ root, env, signer: machineSigner(env) });
    const { handoff, path } = await store.create(makeNewHandoff());
    const read = () => parseDocument(readFileSync(path, "utf8"));
    expect(checkSignature(read()).state).toBe("signed");
    await store.claim(handoff.id, { session: "next" });
    expect(read().status).toBe("claimed");
    expect(checkSignature(read()).state).toBe("signed");
    await store.revise(handoff.id, (h) => ({
      ...h,
      sections: { ...h.sections, currentState: fact("Noted") },
    }));
    expect(read().sections.currentState).toEqual(fact("Noted"));
    expect(checkSignature(read()).state).toBe("signed");
  });

  it("never signs again what another key signed: a revision of it is unverified", async () => {
    root = makeTempDir("baton-signed-");
    const theirs = { XDG_CONFIG_HOME: join(root, "theirs") };
    const mine = { XDG_CONFIG_HOME: join(root, "mine") };
    const { handoff, path } = await openStore({
      root,
      env: theirs,
      signer: machineSigner(theirs),
    }).create(makeNewHandoff());
    const signedBy = parseDocument(readFileSync(path, "utf8")).signature?.key;
    await openStore({ root, env: mine, signer: machineSigner(mine) }).revise(handoff.id, (h) => ({
      ...h,
      sections: { ...h.sections, currentState: fact("Injected later") },
    }));
    const after = parseDocument(readFileSync(path, "utf8"));
    expect(after.signature?.key).toBe(signedBy);
    expect(checkSignature(after)).toEqual({ state: "broken", fingerprint: signedBy });
  });
});
