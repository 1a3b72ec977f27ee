// Trace formats: IPv4 and IPv6 address text to numbers, by character codes, for validating a log's
// client field and for the prefix table's lookups: an IPv4 address is one unsigned 32-bit number,
// an IPv6 address four (most significant first). Pure; depends on nothing.

const hexValue = (code: number): number => {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
};

/** the dotted quad text[start, end) (`a.b.c.d`, each 0-255 without leading zeros) as an unsigned 32-bit number, or -1 */
export function ipv4At(text: string, start: number, end: number): number {
  let value = 0;
  let octets = 0;
  let i = start;
  while (octets < 4) {
    const octetStart = i;
    let octet = 0;
    while (i < end && i - octetStart < 4) {
      const code = text.charCodeAt(i);
      if (code < 48 || code > 57) break;
      octet = octet * 10 + (code - 48);
      i++;
    }
    const width = i - octetStart;
    if (width === 0 || width > 3 || octet > 255 || (width > 1 && text.charCodeAt(octetStart) === 48)) return -1;
    value = value * 256 + octet;
    octets++;
    if (octets < 4) {
      if (i >= end || text.charCodeAt(i) !== 46) return -1;
      i++;
    }
  }
  return i === end ? value : -1;
}

const groups = new Uint16Array(8);

/**
 * The IPv6 text[start, end) — eight groups of 1-4 hex digits, one `::` for a run of zero groups,
 * optionally ending in a dotted quad (`::ffff:192.0.2.1`) — into words[0..3] (unsigned 32-bit,
 * most significant first). false if it is not one (a zone `%eth0` or brackets are not accepted).
 */
export function ipv6At(text: string, start: number, end: number, words: Uint32Array): boolean {
  let count = 0;
  let gap = -1;
  let i = start;
  if (end - start < 2) return false;
  if (text.charCodeAt(i) === 58) {
    if (text.charCodeAt(i + 1) !== 58) return false;
    gap = 0;
    i += 2;
  }
  while (i < end) {
    if (count === 8) return false;
    const groupStart = i;
    let group = 0;
    while (i < end && i - groupStart < 5) {
      const digit = hexValue(text.charCodeAt(i));
      if (digit < 0) break;
      group = group * 16 + digit;
      i++;
    }
    const width = i - groupStart;
    if (i < end && text.charCodeAt(i) === 46) {
      // an embedded dotted quad takes the last two groups
      if (count > 6) return false;
      const quad = ipv4At(text, groupStart, end);
      if (quad < 0) return false;
      groups[count++] = quad >>> 16;
      groups[count++] = quad & 0xffff;
      i = end;
      break;
    }
    if (width === 0 || width > 4) return false;
    groups[count++] = group;
    if (i === end) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (i < end && text.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = count;
      i++;
    } else if (i === end) return false;
  }
  if (gap < 0 ? count !== 8 : count > 7) return false;
  const zeros = 8 - count;
  for (let w = 0; w < 4; w++) {
    const hi = groupAt(2 * w, gap, zeros);
    const lo = groupAt(2 * w + 1, gap, zeros);
    words[w] = ((hi << 16) | lo) >>> 0;
  }
  return true;
}

/** the group at position p of the expanded address, given the parsed groups with `zeros` zero groups inserted at `gap` */
function groupAt(p: number, gap: number, zeros: number): number {
  if (gap < 0 || p < gap) return groups[p];
  if (p < gap + zeros) return 0;
  return groups[p - zeros];
}

const scratchWords = new Uint32Array(4);

/** whether text is an IPv4 or IPv6 address */
export function isAddress(text: string): boolean {
  return isAddressAt(text, 0, text.length);
}

/** whether text[start, end) is an IPv4 or IPv6 address */
export function isAddressAt(text: string, start: number, end: number): boolean {
  return ipv4At(text, start, end) >= 0 || ipv6At(text, start, end, scratchWords);
}
