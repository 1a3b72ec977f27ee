// Growing a typed-array column: a copy of it, of a larger length, with the old values in front
// (the rest 0). The data plane's record pools (requests, the request log, client stamps) grow by it.
// Must not depend on anything.

type Column = Float64Array | Int32Array | Uint8Array;

/** `column` copied into a new array of the same kind and `length` (≥ its own) */
export function grown<T extends Column>(column: T, length: number): T {
  const bigger = new (column.constructor as new (length: number) => T)(length);
  bigger.set(column);
  return bigger;
}
