import assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  ListAliasesCommand,
  ListKeyPoliciesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  paginateListAliases,
  paginateListKeys,
  TagResourceCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { createKey, expectKmsError } from './keyFixtures';
import { useSandbox } from './support';

/** Limit/Marker/Truncated/NextMarker (kms-api.md §6) for ListKeys, ListAliases, ListResourceTags and ListKeyPolicies. */

interface Page {
  items: string[];
  Truncated?: boolean;
  NextMarker?: string;
}
type Lister = (kms: KMSClient, paging: { Limit?: number; Marker?: string }) => Promise<Page>;

describe('sandbox paging of the key management list operations', () => {
  const fx = useSandbox();
  let keyIds: string[];
  let aliasNames: string[];
  let taggedKey: string;
  let tagKeys: string[];

  before(async () => {
    keyIds = [];
    for (let i = 0; i < 105; i++) {
      keyIds.push((await createKey(fx.kms)).KeyId);
    }
    aliasNames = [];
    for (let i = 0; i < 120; i++) {
      const name = `alias/a${String(i).padStart(3, '0')}`;
      await fx.kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: keyIds[i % 3] }));
      aliasNames.push(name);
    }
    taggedKey = keyIds[0] as string;
    tagKeys = Array.from({ length: 50 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    await fx.kms.send(
      new TagResourceCommand({ KeyId: taggedKey, Tags: tagKeys.map((TagKey) => ({ TagKey, TagValue: 'v' })) }),
    );
  });

  const listers: Record<string, Lister> = {
    ListKeys: async (kms, p) => {
      const out = await kms.send(new ListKeysCommand(p));
      return {
        items: (out.Keys ?? []).map((k) => k.KeyId ?? ''),
        Truncated: out.Truncated,
        NextMarker: out.NextMarker,
      };
    },
    ListAliases: async (kms, p) => {
      const out = await kms.send(new ListAliasesCommand(p));
      return {
        items: (out.Aliases ?? []).map((a) => a.AliasName ?? ''),
        Truncated: out.Truncated,
        NextMarker: out.NextMarker,
      };
    },
    ListResourceTags: async (kms, p) => {
      const out = await kms.send(new ListResourceTagsCommand({ KeyId: taggedKey, ...p }));
      return {
        items: (out.Tags ?? []).map((t) => t.TagKey ?? ''),
        Truncated: out.Truncated,
        NextMarker: out.NextMarker,
      };
    },
    ListKeyPolicies: async (kms, p) => {
      const out = await kms.send(new ListKeyPoliciesCommand({ KeyId: taggedKey, ...p }));
      return { items: out.PolicyNames ?? [], Truncated: out.Truncated, NextMarker: out.NextMarker };
    },
  };

  /** Follows NextMarker to the end, checking the Truncated/NextMarker contract on every page. */
  async function walk(lister: Lister, Limit: number): Promise<{ items: string[]; pages: number[] }> {
    const items: string[] = [];
    const pages: number[] = [];
    let Marker: string | undefined;
    do {
      const page = await lister(fx.kms, { Limit, Marker });
      assert.equal(typeof page.Truncated, 'boolean', 'Truncated is always present');
      assert.equal(page.NextMarker !== undefined, page.Truncated, 'NextMarker exactly when truncated');
      items.push(...page.items);
      pages.push(page.items.length);
      Marker = page.NextMarker;
    } while (Marker !== undefined);
    return { items, pages };
  }

  it('ListKeys pages through every key exactly once', async () => {
    const { items, pages } = await walk(listers.ListKeys as Lister, 40);
    assert.deepEqual(pages, [40, 40, 25]);
    assert.deepEqual([...items].sort(), [...keyIds].sort());
    assert.equal(new Set(items).size, items.length);
  });

  it('ListKeys returns 100 by default and up to 1000', async () => {
    const first = await listers.ListKeys?.(fx.kms, {});
    assert.equal(first?.items.length, 100);
    assert.equal(first?.Truncated, true);
    const all = await listers.ListKeys?.(fx.kms, { Limit: 1000 });
    assert.equal(all?.items.length, 105);
    assert.equal(all?.Truncated, false);
  });

  it('ListAliases pages through every alias sorted by name', async () => {
    const { items, pages } = await walk(listers.ListAliases as Lister, 50);
    assert.deepEqual(pages, [50, 50, 20]);
    assert.deepEqual(items, aliasNames);
  });

  it('ListAliases returns 50 by default and at most 100, even when asked for more', async () => {
    assert.equal((await listers.ListAliases?.(fx.kms, {}))?.items.length, 50);
    const big = await listers.ListAliases?.(fx.kms, { Limit: 1000 });
    assert.equal(big?.items.length, 100);
    assert.equal(big?.Truncated, true);
  });

  it('ListAliases pages within a KeyId filter', async () => {
    const out1 = await fx.kms.send(new ListAliasesCommand({ KeyId: keyIds[1], Limit: 30 }));
    assert.equal(out1.Aliases?.length, 30);
    assert.equal(out1.Truncated, true);
    const out2 = await fx.kms.send(new ListAliasesCommand({ KeyId: keyIds[1], Limit: 30, Marker: out1.NextMarker }));
    assert.equal(out2.Aliases?.length, 10);
    assert.equal(out2.Truncated, false);
    assert.ok([...(out1.Aliases ?? []), ...(out2.Aliases ?? [])].every((a) => a.TargetKeyId === keyIds[1]));
  });

  it('ListResourceTags pages through 50 tags, sorted by tag key, 50 at most per page', async () => {
    const { items, pages } = await walk(listers.ListResourceTags as Lister, 20);
    assert.deepEqual(pages, [20, 20, 10]);
    assert.deepEqual(items, tagKeys);
    const all = await listers.ListResourceTags?.(fx.kms, { Limit: 1000 });
    assert.equal(all?.items.length, 50);
    assert.equal(all?.Truncated, false);
  });

  it('ListKeyPolicies has one page with "default"', async () => {
    const { items, pages } = await walk(listers.ListKeyPolicies as Lister, 1);
    assert.deepEqual(items, ['default']);
    assert.deepEqual(pages, [1]);
  });

  for (const [operation, lister] of Object.entries(listers)) {
    it(`${operation} refuses a marker it did not issue with InvalidMarkerException`, async () => {
      await expectKmsError(async () => lister(fx.kms, { Marker: 'garbage' }), 'InvalidMarkerException');
      await expectKmsError(
        async () => lister(fx.kms, { Marker: Buffer.from('not ours').toString('base64') }),
        'InvalidMarkerException',
      );
    });

    it(`${operation} refuses Limit outside 1–1000 and a marker outside the pattern, the Coral way`, async () => {
      await expectKmsError(
        async () => lister(fx.kms, { Limit: 0 }),
        'ValidationException',
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
      await expectKmsError(
        async () => lister(fx.kms, { Limit: 1001 }),
        'ValidationException',
        "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000",
      );
      await expectKmsError(
        async () => lister(fx.kms, { Marker: 'caf\u0100' }),
        'ValidationException',
        /^1 validation error detected: Value 'caf\u0100' at 'marker' failed to satisfy constraint: Member must satisfy regular expression pattern/,
      );
    });
  }

  it('the SDK paginators walk every page', async () => {
    const keys: string[] = [];
    for await (const page of paginateListKeys({ client: fx.kms, pageSize: 7 }, {})) {
      keys.push(...(page.Keys ?? []).map((k) => k.KeyId ?? ''));
    }
    assert.deepEqual([...keys].sort(), [...keyIds].sort());
    const aliases: string[] = [];
    let pages = 0;
    for await (const page of paginateListAliases({ client: fx.kms, pageSize: 11 }, {})) {
      aliases.push(...(page.Aliases ?? []).map((a) => a.AliasName ?? ''));
      pages++;
    }
    assert.deepEqual(aliases, aliasNames);
    assert.equal(pages, Math.ceil(120 / 11));
  });
});
