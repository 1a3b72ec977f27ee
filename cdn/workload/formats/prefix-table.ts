// Trace formats: a log's client address to the user region it is in, by the longest matching
// CIDR prefix of a table (IPv4 and IPv6; an IPv4-mapped IPv6 address matches IPv4 prefixes). A
// lookup parses the address by character codes and tries the prefix lengths present, longest
// first, one Map per length, so it allocates nothing. Pure; must not depend on node:fs or anything
// outside this folder.
import { ipv4At, ipv6At } from './address.js';
import { integerAt } from './fields.js';

interface ParsedPrefix {
  v6: boolean;
  length: number;
  /** the address: words[0] for IPv4, words[0..3] for IPv6 */
  words: Uint32Array;
}

/** the 32-bit mask of the first `bits` bits (0-32) */
const maskOf = (bits: number): number => (bits <= 0 ? 0 : bits >= 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0);

/** word w (0-3) of a 128-bit address masked to its first `length` bits */
const maskedWord = (word: number, w: number, length: number): number => (word & maskOf(length - 32 * w)) >>> 0;

function hexGroups(words: Uint32Array): string {
  const groups: number[] = [];
  for (const word of words) groups.push(word >>> 16, word & 0xffff);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

function addressText(parsed: ParsedPrefix): string {
  if (parsed.v6) return hexGroups(parsed.words);
  const a = parsed.words[0];
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

/** the parsed prefix, or the text of what is wrong with it */
function parsePrefix(prefix: string): ParsedPrefix | string {
  const slash = prefix.indexOf('/');
  if (slash < 0) return `"${prefix}" is not a CIDR prefix (address/length, e.g. 10.0.0.0/8 or 2001:db8::/32)`;
  const v6 = prefix.indexOf(':') >= 0;
  const words = new Uint32Array(4);
  const v4 = v6 ? 0 : ipv4At(prefix, 0, slash);
  words[0] = Math.max(v4, 0);
  if (v6 ? !ipv6At(prefix, 0, slash, words) : v4 < 0) {
    return `"${prefix.slice(0, slash)}" in "${prefix}" is not an ${v6 ? 'IPv6' : 'IPv4'} address`;
  }
  const max = v6 ? 128 : 32;
  const length = slash + 4 >= prefix.length ? integerAt(prefix, slash + 1, prefix.length) : -1;
  if (length < 0) return `the length "${prefix.slice(slash + 1)}" in "${prefix}" is not a whole number 0-${max}`;
  if (length > max) return `the length ${length} in "${prefix}" is more than ${max} (${v6 ? 'IPv6' : 'IPv4'})`;
  const parsed: ParsedPrefix = { v6, length, words };
  const wordCount = v6 ? 4 : 1;
  for (let w = 0; w < wordCount; w++) {
    if (maskedWord(words[w], w, length) !== words[w]) {
      const network = new Uint32Array(4);
      for (let k = 0; k < wordCount; k++) network[k] = maskedWord(words[k], k, length);
      return `"${prefix}" has host bits set (the prefix would be ${addressText({ v6, length, words: network })}/${length})`;
    }
  }
  return parsed;
}

/** an error text for a CIDR prefix that is not valid (IPv4 a.b.c.d/n with n 0-32, IPv6 with :: compression /n 0-128, host bits must be zero), or null if valid */
export function prefixError(prefix: string): string | null {
  const parsed = parsePrefix(prefix);
  return typeof parsed === 'string' ? parsed : null;
}

interface V6Entry {
  w0: number;
  w1: number;
  w2: number;
  w3: number;
  region: number;
}

/** a 32-bit hash of four words */
function hash4(w0: number, w1: number, w2: number, w3: number): number {
  let h = Math.imul(w0 ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ w1 ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ w2 ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ w3 ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

const lookupWords = new Uint32Array(4);

/** longest-prefix match of IPv4 and IPv6 addresses (an IPv4-mapped IPv6 address ::ffff:a.b.c.d matches IPv4 prefixes) */
export class PrefixTable {
  /** IPv4: the lengths present, longest first, and per length the masked address ⇒ region */
  private readonly v4Lengths: number[] = [];
  private readonly v4Masks: number[] = [];
  private readonly v4Maps: Map<number, number>[] = [];
  /** IPv6: the lengths present, longest first, and per length a hash of the masked address ⇒ its entries */
  private readonly v6Lengths: number[] = [];
  private readonly v6Maps: Map<number, V6Entry[]>[] = [];

  /** throws RangeError on an invalid prefix, a prefix listed twice, or a region that is not a whole number ≥ 0 */
  constructor(entries: readonly { prefix: string; region: number }[]) {
    const v4 = new Map<number, Map<number, number>>();
    const v6 = new Map<number, Map<number, V6Entry[]>>();
    const seen = new Set<string>();
    for (const { prefix, region } of entries) {
      const parsed = parsePrefix(prefix);
      if (typeof parsed === 'string') throw new RangeError(parsed);
      if (!Number.isInteger(region) || region < 0) throw new RangeError(`the region of "${prefix}" is not a whole number ≥ 0: ${region}`);
      const key = `${addressText(parsed)}/${parsed.length}`;
      if (seen.has(key)) throw new RangeError(`the prefix ${key} is listed twice`);
      seen.add(key);
      const { words, length } = parsed;
      if (!parsed.v6) {
        if (!v4.has(length)) v4.set(length, new Map());
        v4.get(length)!.set(words[0], region);
      } else {
        if (!v6.has(length)) v6.set(length, new Map());
        const map = v6.get(length)!;
        const h = hash4(words[0], words[1], words[2], words[3]);
        const bucket = map.get(h) ?? [];
        bucket.push({ w0: words[0], w1: words[1], w2: words[2], w3: words[3], region });
        map.set(h, bucket);
      }
    }
    for (const length of [...v4.keys()].sort((a, b) => b - a)) {
      this.v4Lengths.push(length);
      this.v4Masks.push(maskOf(length));
      this.v4Maps.push(v4.get(length)!);
    }
    for (const length of [...v6.keys()].sort((a, b) => b - a)) {
      this.v6Lengths.push(length);
      this.v6Maps.push(v6.get(length)!);
    }
  }

  /** the region of the longest matching prefix, or -1 (no match, or not an address) */
  lookup(address: string): number {
    const end = address.length;
    const v4 = ipv4At(address, 0, end);
    if (v4 >= 0) return this.lookup4(v4);
    const w = lookupWords;
    if (!ipv6At(address, 0, end, w)) return -1;
    if (w[0] === 0 && w[1] === 0 && w[2] === 0xffff) {
      const region = this.lookup4(w[3]);
      if (region >= 0) return region;
    }
    return this.lookup6(w[0], w[1], w[2], w[3]);
  }

  private lookup4(address: number): number {
    const lengths = this.v4Lengths.length;
    for (let i = 0; i < lengths; i++) {
      const region = this.v4Maps[i].get((address & this.v4Masks[i]) >>> 0);
      if (region !== undefined) return region;
    }
    return -1;
  }

  private lookup6(a0: number, a1: number, a2: number, a3: number): number {
    const lengths = this.v6Lengths.length;
    for (let i = 0; i < lengths; i++) {
      const length = this.v6Lengths[i];
      const w0 = maskedWord(a0, 0, length);
      const w1 = maskedWord(a1, 1, length);
      const w2 = maskedWord(a2, 2, length);
      const w3 = maskedWord(a3, 3, length);
      const bucket = this.v6Maps[i].get(hash4(w0, w1, w2, w3));
      if (bucket === undefined) continue;
      for (const entry of bucket) {
        if (entry.w0 === w0 && entry.w1 === w1 && entry.w2 === w2 && entry.w3 === w3) return entry.region;
      }
    }
    return -1;
  }
}
