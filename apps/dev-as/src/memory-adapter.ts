import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/**
 * Per-instance in-memory storage. oidc-provider's built-in memory adapter shares one module-level store across
 * every Provider in the process and warns on each start; a dev AS wants neither (tests run several at once).
 */
/** What tests may do with the stored state besides oidc-provider's own calls. */
export interface MemoryAdapterControl {
  /** Payloads of one model (`RefreshToken`, `AccessToken`, ...) still alive, with their ids. */
  list(model: string): Array<{ id: string; payload: AdapterPayload }>;
  /** Deletes everything a grant issued. */
  revokeByGrantId(grantId: string): void;
}

export function memoryAdapter(): AdapterFactory & { control: MemoryAdapterControl } {
  const entries = new Map<string, Entry>();
  const byIndex = new Map<string, string>(); // `uid:<uid>` / `userCode:<code>` → entry key
  const byGrant = new Map<string, Set<string>>(); // grantId → entry keys of tokens it issued

  const live = (key: string | undefined): AdapterPayload | undefined => {
    if (key === undefined) return undefined;
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  };

  const control: MemoryAdapterControl = {
    list: (model) =>
      [...entries.keys()]
        .filter((key) => key.startsWith(`${model}:`))
        .flatMap((key) => {
          const payload = live(key);
          return payload ? [{ id: key.slice(model.length + 1), payload }] : [];
        }),
    revokeByGrantId: (grantId) => {
      for (const key of byGrant.get(grantId) ?? []) entries.delete(key);
      byGrant.delete(grantId);
    },
  };

  const factory = (model: string): Adapter => {
    const keyOf = (id: string): string => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyOf(id);
        entries.set(key, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
        if (model === 'Session' && payload.uid) byIndex.set(`uid:${payload.uid}`, key);
        if (payload.userCode) byIndex.set(`userCode:${payload.userCode}`, key);
        if (payload.grantId) {
          const members = byGrant.get(payload.grantId) ?? new Set<string>();
          members.add(key);
          byGrant.set(payload.grantId, members);
        }
      },
      async find(id) {
        return live(keyOf(id));
      },
      async findByUid(uid) {
        return live(byIndex.get(`uid:${uid}`));
      },
      async findByUserCode(userCode) {
        return live(byIndex.get(`userCode:${userCode}`));
      },
      async consume(id) {
        const payload = live(keyOf(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of byGrant.get(grantId) ?? []) entries.delete(key);
        byGrant.delete(grantId);
      },
    };
  };
  return Object.assign(factory, { control });
}
