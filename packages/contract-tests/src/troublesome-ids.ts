import { Buffer } from 'node:buffer';

/** Ids a careless key scheme merges (trimming, case folding, prefixes, separators, encodings). */
export function collisionProneIds(run: string): string[] {
  const base = `k${run}`;
  const encoded = Buffer.from(base).toString('base64url');
  return [
    base,
    base.toUpperCase(),
    `${base} `,
    ` ${base}`,
    `${base}\t`,
    `${base}\n`,
    `${base}\u0000`,
    `${base}~`,
    `~${base}`,
    `${base}:x`,
    `:${base}`,
    `person:${base}`,
    `person~${base}`,
    encoded,
    `~${encoded}`,
    `${base}é`,
    `${base}e\u0301`,
    `${base}😀`,
    `漢${base}`,
    `${base}%20`,
    `${base}/`,
  ];
}

/** `count` distinct ids drawn (deterministically) from an alphabet of troublemakers. */
export function mixedIds(run: string, count: number): string[] {
  const alphabet = [
    'a',
    'A',
    'b',
    'B',
    ' ',
    ':',
    '~',
    '-',
    '_',
    '=',
    '/',
    'é',
    'e\u0301',
    '😀',
    '\u0000',
  ];
  const ids = new Set<string>();
  let seed = 42;
  const next = () => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed >>> 8;
  };
  while (ids.size < count) {
    let id = run;
    for (let length = 1 + (next() % 12); length > 0; length--) {
      id += alphabet[next() % alphabet.length];
    }
    ids.add(id);
  }
  return [...ids];
}
