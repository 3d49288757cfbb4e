/**
 * Lowercase UUIDv7 ids (RFC 9562): they sort by creation time, so file
 * listings and CSV rows read in order, and they are unguessable enough to
 * put in URLs. Within one millisecond the 12-bit `rand_a` field is a
 * counter, so ids made by one process are strictly increasing.
 *
 * @module
 */

/** Exactly a lowercase UUIDv7; used to vet ids before any file access. */
export const ID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Whether `value` is a lowercase UUIDv7 string (and nothing else). */
export function isId(value: unknown): value is string {
  return typeof value === "string" && value.length === 36 &&
    ID_PATTERN.test(value);
}

/** Sources of time and randomness, replaceable in tests. */
export interface IdGeneratorOptions {
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  /** Fills a buffer with random bytes; defaults to `crypto.getRandomValues`. */
  fill?: (bytes: Uint8Array<ArrayBuffer>) => void;
}

const HEX: string[] = Array.from(
  { length: 256 },
  (_, i) => i.toString(16).padStart(2, "0"),
);

/**
 * Make an id generator with its own monotonic state. When the clock stands
 * still or goes back, the counter keeps counting; when it overflows, the
 * timestamp part moves one millisecond ahead, so order is never broken.
 */
export function createIdGenerator(
  options: IdGeneratorOptions = {},
): () => string {
  const now = options.now ?? Date.now;
  const fill = options.fill ??
    ((bytes: Uint8Array<ArrayBuffer>) => void crypto.getRandomValues(bytes));
  let lastMs = -1;
  let counter = 0;
  const bytes = new Uint8Array(16);
  return () => {
    fill(bytes);
    const ms = now();
    if (ms > lastMs) {
      lastMs = ms;
      // Start low in the 12-bit range, leaving room to count up.
      counter = ((bytes[6] << 8) | bytes[7]) & 0x7ff;
    } else if (counter < 0xfff) {
      counter++;
    } else {
      lastMs++;
      counter = 0;
    }
    let t = lastMs;
    for (let i = 5; i >= 0; i--) {
      bytes[i] = t % 256;
      t = Math.floor(t / 256);
    }
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | (bytes[8] & 0x3f);
    let out = "";
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) out += "-";
      out += HEX[bytes[i]];
    }
    return out;
  };
}

/** A new lowercase UUIDv7, increasing within this process. */
export const newId: () => string = createIdGenerator();

/** The creation time encoded in a UUIDv7, in milliseconds since the epoch. */
export function idTime(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
