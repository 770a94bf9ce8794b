import { describe, expect, it } from 'vitest';
import { decodeDoc, decodeKey, encodeDoc, encodeKey, encodePath, splitPath } from '../../../src/store/keys.ts';

const ODD_KEYS = [
  'plain', 'a.b', '$x', '$', '~', '~~', '~p', '~d', '~e', '~u', '~0', 'a~', '~a', '.', '..', 'a.', '.a',
  '$a.b~c', 'x$y', '$$date', '', '__proto__', '__proto__x', 'nul\u0000', '\u0000', 'héllo 🎉', '日本語.キー',
  'back\\slash', 'a\\.b', ' ', 'constructor', 'toString',
];

/** Keys no backend accepts as field names (or silently mangles). */
function isUnsafe(key: string): boolean {
  return key.includes('.') || key.startsWith('$') || key === '' || key.includes('\u0000') || key === '__proto__';
}

/** Deterministic pseudo-random generator so the property tests are repeatable. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

function randomKey(next: () => number): string {
  const alphabet = ['a', 'b', '.', '$', '~', 'p', 'd', 'e', 'u', '0', '\u0000', '\\', 'é', '🎉', '_'];
  const length = Math.floor(next() * 6);
  let key = '';
  for (let i = 0; i < length; i++) key += alphabet[Math.floor(next() * alphabet.length)];
  return key;
}

describe('encodeKey / decodeKey', () => {
  it.each(ODD_KEYS)('round-trips %j to a key every backend accepts', (key) => {
    const encoded = encodeKey(key);
    expect(isUnsafe(encoded)).toBe(false);
    expect(decodeKey(encoded)).toBe(key);
  });

  it('leaves ordinary keys untouched', () => {
    for (const key of ['plain', 'x$y', 'support', 'snake_case', 'héllo', '0', 'constructor']) expect(encodeKey(key)).toBe(key);
  });

  it('uses the documented escapes', () => {
    expect(encodeKey('a.b')).toBe('a~pb');
    expect(encodeKey('$x')).toBe('~dx');
    expect(encodeKey('~')).toBe('~~');
    expect(encodeKey('~p')).toBe('~~p');
    expect(encodeKey('')).toBe('~e');
    expect(encodeKey('__proto__')).toBe('~u');
  });

  it('is injective and reversible on thousands of random keys', () => {
    const next = rng(42);
    const seen = new Map<string, string>();
    for (let i = 0; i < 5000; i++) {
      const key = randomKey(next);
      const encoded = encodeKey(key);
      expect(isUnsafe(encoded)).toBe(false);
      expect(decodeKey(encoded)).toBe(key);
      const previous = seen.get(encoded);
      if (previous !== undefined) expect(previous).toBe(key);
      seen.set(encoded, key);
    }
  });
});

describe('encodeDoc / decodeDoc', () => {
  function randomDoc(next: () => number, depth: number): unknown {
    const pick = next();
    if (depth === 0 || pick < 0.3) return [null, true, false, 0, -1.5, 'text', 'ü.$~', 2 ** 53 - 1][Math.floor(next() * 8)];
    if (pick < 0.5) return Array.from({ length: Math.floor(next() * 3) }, () => randomDoc(next, depth - 1));
    const entries = Array.from({ length: Math.floor(next() * 4) }, () => [randomKey(next), randomDoc(next, depth - 1)]);
    return Object.fromEntries(entries);
  }

  function allKeys(value: unknown, out: string[] = []): string[] {
    if (Array.isArray(value)) value.forEach((item) => allKeys(item, out));
    else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      for (const [key, item] of Object.entries(value)) {
        out.push(key);
        allKeys(item, out);
      }
    }
    return out;
  }

  it('round-trips random nested documents exactly, with only safe keys in between', () => {
    const next = rng(7);
    for (let i = 0; i < 500; i++) {
      const doc = { root: randomDoc(next, 5) };
      const encoded = encodeDoc(doc);
      expect(allKeys(encoded).filter(isUnsafe)).toEqual([]);
      expect(JSON.stringify(decodeDoc(encoded))).toBe(JSON.stringify(doc));
    }
  });

  it('encodes objects inside arrays and keeps __proto__ as an own key', () => {
    const doc = JSON.parse('{"list":[{"a.b":1,"__proto__":{"x":1}}],"$top":{"":[{"~":2}]}}') as object;
    const encoded = encodeDoc(doc);
    expect(JSON.stringify(encoded)).toBe('{"list":[{"a~pb":1,"~u":{"x":1}}],"~dtop":{"~e":[{"~~":2}]}}');
    const decoded = decodeDoc(encoded) as { list: object[] };
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(doc));
    expect(Object.getPrototypeOf(decoded.list[0])).toBe(Object.prototype);
    expect(({} as { x?: number }).x).toBeUndefined();
  });

  it('copies Dates and never shares objects with its input', () => {
    const when = new Date('2024-01-02T03:04:05Z');
    const doc = { meta: { at: when, list: [{ at: when }] } };
    const encoded = encodeDoc(doc);
    expect(encoded.meta.at).toBeInstanceOf(Date);
    expect(encoded.meta.at).toEqual(when);
    expect(encoded.meta.at).not.toBe(when);
    expect(encoded.meta.list).not.toBe(doc.meta.list);
    expect(decodeDoc(encoded)).toEqual(doc);
  });

  it('passes primitives through', () => {
    for (const value of [null, 1, 'a.b', true, undefined]) expect(encodeDoc(value)).toBe(value);
  });
});

describe('paths', () => {
  it('splits on dots and honours backslash escapes', () => {
    expect(splitPath('a.b.c')).toEqual(['a', 'b', 'c']);
    expect(splitPath('headers.x\\.forwarded')).toEqual(['headers', 'x.forwarded']);
    expect(splitPath('\\$src.a\\\\b')).toEqual(['$src', 'a\\b']);
    expect(splitPath('a\\b')).toEqual(['a\\b']);
  });

  it('encodes each segment', () => {
    expect(encodePath('customer.tier')).toBe('customer.tier');
    expect(encodePath('headers.x\\.forwarded')).toBe('headers.x~pforwarded');
    expect(encodePath('\\$src.$inner.~')).toBe('~dsrc.~dinner.~~');
    expect(encodePath('items.0.name')).toBe('items.0.name');
  });
});
