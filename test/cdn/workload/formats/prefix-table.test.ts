import { describe, expect, it } from 'vitest';
import { PrefixTable, prefixError } from '../../../../cdn/workload/formats/prefix-table.js';

describe('PrefixTable: longest-prefix match', () => {
  const table = new PrefixTable([
    { prefix: '10.0.0.0/8', region: 1 },
    { prefix: '10.1.0.0/16', region: 2 },
    { prefix: '10.1.2.0/24', region: 3 },
    { prefix: '10.1.2.3/32', region: 4 },
    { prefix: '2001:db8::/32', region: 5 },
    { prefix: '2001:db8:1::/48', region: 6 },
    { prefix: '::ffff:0:0/96', region: 7 },
  ]);

  it('the longest match wins over shorter overlapping IPv4 prefixes', () => {
    expect(table.lookup('10.9.9.9')).toBe(1);
    expect(table.lookup('10.1.9.9')).toBe(2);
    expect(table.lookup('10.1.2.9')).toBe(3);
    expect(table.lookup('10.1.2.3')).toBe(4);
    expect(table.lookup('11.0.0.0')).toBe(-1);
    expect(table.lookup('9.255.255.255')).toBe(-1);
  });

  it('2001:db8:1::/48 wins over 2001:db8::/32 inside it, not outside it', () => {
    expect(table.lookup('2001:db8:1::5')).toBe(6);
    expect(table.lookup('2001:db8:1:ffff:ffff:ffff:ffff:ffff')).toBe(6);
    expect(table.lookup('2001:db8:2::5')).toBe(5);
    expect(table.lookup('2001:DB8:0:0:0:0:0:1')).toBe(5);
    expect(table.lookup('2001:db9::1')).toBe(-1);
  });

  it('an IPv4-mapped IPv6 address matches the IPv4 prefixes first, then IPv6 ones', () => {
    expect(table.lookup('::ffff:10.1.2.3')).toBe(4);
    expect(table.lookup('::ffff:a01:203')).toBe(4);
    expect(table.lookup('::ffff:192.0.2.1')).toBe(7);
  });

  it('a hostname, garbage or an address with extras gives -1', () => {
    for (const text of ['example.com', '', '10.1.2', '10.1.2.3.4', ' 10.1.2.3', '10.1.2.3/32', '[2001:db8::1]', 'fe80::1%eth0', '2001:db8:1::5\u0000']) {
      expect(table.lookup(text)).toBe(-1);
    }
  });

  it('/0 is a default route for its family only', () => {
    const defaults = new PrefixTable([
      { prefix: '0.0.0.0/0', region: 0 },
      { prefix: '192.168.0.0/16', region: 1 },
      { prefix: '::/0', region: 9 },
    ]);
    expect(defaults.lookup('8.8.8.8')).toBe(0);
    expect(defaults.lookup('255.255.255.255')).toBe(0);
    expect(defaults.lookup('192.168.3.4')).toBe(1);
    expect(defaults.lookup('2606:4700::1111')).toBe(9);
    expect(defaults.lookup('::ffff:8.8.8.8')).toBe(0);
    expect(new PrefixTable([{ prefix: '::/0', region: 9 }]).lookup('8.8.8.8')).toBe(-1);
  });

  it('an empty table matches nothing', () => {
    expect(new PrefixTable([]).lookup('10.0.0.1')).toBe(-1);
  });

  it('agrees with a brute-force longest match over random addresses and prefixes', () => {
    let seed = 12345;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const entries: { prefix: string; region: number; net: number; len: number }[] = [];
    const seen = new Set<string>();
    for (let i = 0; entries.length < 300; i++) {
      const len = rand() % 33;
      const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
      const net = (rand() & 0x0f0f0000 & mask) >>> 0;
      const prefix = `${net >>> 24}.${(net >>> 16) & 255}.${(net >>> 8) & 255}.${net & 255}/${len}`;
      if (seen.has(prefix)) continue;
      seen.add(prefix);
      entries.push({ prefix, region: i, net, len });
    }
    const big = new PrefixTable(entries);
    for (let k = 0; k < 5000; k++) {
      const a = (rand() & 0x0f0fffff) >>> 0;
      let best = -1;
      let bestLen = -1;
      for (const e of entries) {
        const mask = e.len === 0 ? 0 : (0xffffffff << (32 - e.len)) >>> 0;
        if ((a & mask) >>> 0 === e.net && e.len > bestLen) [best, bestLen] = [e.region, e.len];
      }
      expect(big.lookup(`${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`)).toBe(best);
    }
  });

  it('looks up a million addresses in well under a few seconds', () => {
    const addresses = Array.from({ length: 1000 }, (_, i) =>
      i % 2 ? `10.1.${i % 256}.${(i * 7) % 256}` : `2001:db8:${(i % 3).toString(16)}::${i.toString(16)}`,
    );
    const start = process.hrtime.bigint();
    let sum = 0;
    for (let k = 0; k < 1000; k++) for (const a of addresses) sum += table.lookup(a);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(sum).toBeGreaterThan(0);
    expect(ms).toBeLessThan(5000);
  });
});

describe('prefixError and the constructor refuse invalid prefixes with a clear text', () => {
  it.each(['10.0.0.0/8', '0.0.0.0/0', '1.2.3.4/32', '2001:db8::/32', '::/0', '::1/128', '2001:db8:1::/48', '::ffff:10.0.0.0/104'])('%s is valid', (prefix) => {
    expect(prefixError(prefix)).toBeNull();
  });

  it.each([
    ['10.0.0.1/8', '"10.0.0.1/8" has host bits set (the prefix would be 10.0.0.0/8)'],
    ['2001:db8::1/32', '"2001:db8::1/32" has host bits set (the prefix would be 2001:db8::/32)'],
    ['10.0.0.0/33', 'the length 33 in "10.0.0.0/33" is more than 32 (IPv4)'],
    ['::/129', 'the length 129 in "::/129" is more than 128 (IPv6)'],
    ['1.2.3/8', '"1.2.3" in "1.2.3/8" is not an IPv4 address'],
    ['2001:db8:::/32', '"2001:db8:::" in "2001:db8:::/32" is not an IPv6 address'],
    ['10.0.0.0', '"10.0.0.0" is not a CIDR prefix (address/length, e.g. 10.0.0.0/8 or 2001:db8::/32)'],
    ['10.0.0.0/', 'the length "" in "10.0.0.0/" is not a whole number 0-32'],
    ['10.0.0.0/-1', 'the length "-1" in "10.0.0.0/-1" is not a whole number 0-32'],
    ['10.0.0.0/8.0', 'the length "8.0" in "10.0.0.0/8.0" is not a whole number 0-32'],
    ['example.com/8', '"example.com" in "example.com/8" is not an IPv4 address'],
  ])('%s: %s', (prefix, text) => {
    expect(prefixError(prefix)).toBe(text);
    expect(() => new PrefixTable([{ prefix, region: 0 }])).toThrow(new RangeError(text));
  });

  it('the constructor refuses a prefix listed twice (in any spelling) and a region that is not a whole number ≥ 0', () => {
    expect(
      () =>
        new PrefixTable([
          { prefix: '2001:db8::/32', region: 0 },
          { prefix: '2001:0db8:0:0::/32', region: 1 },
        ]),
    ).toThrow(/2001:db8::\/32 is listed twice/);
    expect(() => new PrefixTable([{ prefix: '10.0.0.0/8', region: -1 }])).toThrow(RangeError);
    expect(() => new PrefixTable([{ prefix: '10.0.0.0/8', region: 1.5 }])).toThrow(RangeError);
  });
});
