import { describe, expect, it } from 'vitest';
import type { Patent } from '@patent-bridge/domain';
import { RecordCache } from '../src/index.ts';

const patent = (id: string, title = 't') => ({ id, title }) as unknown as Patent;

describe('record cache', () => {
  it('evicts the least recently used entry beyond capacity', () => {
    const cache = new RecordCache(2);
    cache.set('a', patent('a'), cache.beginRead());
    cache.set('b', patent('b'), cache.beginRead());
    cache.get('a');
    cache.set('c', patent('c'), cache.beginRead());
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.id).toBe('a');
  });

  it('never keeps a record read before an invalidation that raced it', () => {
    const cache = new RecordCache();
    const started = cache.beginRead();
    cache.invalidate(['a']);
    cache.set('a', patent('a', 'stale'), started);
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', patent('a', 'fresh'), cache.beginRead());
    expect((cache.get('a') as Patent).title).toBe('fresh');
    cache.invalidate(['a']);
    expect(cache.get('a')).toBeUndefined();
  });
});
