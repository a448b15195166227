import type { Handoff } from "../core/handoff.ts";
import type { HandoffSigner } from "../store/open-store.ts";
import { loadMachineKey, type MachineKey, readMachineKey } from "./machine-key.ts";
import { checkSignature, signHandoff } from "./sign-handoff.ts";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The store's signer for this machine: the key under the user's config folder, made on
 * the first write (not on reads, so reading a project leaves nothing behind).
 */
export function machineSigner(env: Env): HandoffSigner {
  let key: Promise<MachineKey> | undefined;
  let known: MachineKey | undefined;
  return {
    async sign(handoff: Handoff): Promise<Handoff> {
      key ??= loadMachineKey(env);
      known = await key;
      return signHandoff(handoff, known);
    },
    owns(handoff: Handoff): boolean {
      const check = checkSignature(handoff);
      if (check.state !== "signed") return false;
      known ??= readMachineKey(env) ?? undefined;
      return known?.fingerprint === check.fingerprint;
    },
  };
}
