/**
 * The configured password: checking a typed one in constant time, and a
 * fingerprint stored with each session, so that sessions made under
 * another password are void. The fingerprint is salted and stretched
 * (PBKDF2), so a copy of the store does not give the password away.
 *
 * @module
 */

const encoder = new TextEncoder();
/** PBKDF2 rounds: slow enough for a stolen store, once per salt per process. */
const ROUNDS = 100_000;

/** Compare in time independent of where the strings differ. */
export function sameText(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  }
  return diff === 0;
}

/** Lowercase hex of bytes. */
export function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(new Uint8Array(bytes))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function stretch(password: string, salt: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(password),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    {
      name: "PBKDF2",
      hash: "SHA-256",
      salt: encoder.encode(salt),
      iterations: ROUNDS,
    },
    key,
    256,
  );
  return hex(bits);
}

/**
 * Fingerprints of one password: `salt.hash`. Each process makes its own
 * salt; fingerprints of other salts (other instances) are checked once
 * and remembered.
 */
export class PasswordFingerprint {
  #password: string;
  #bySalt = new Map<string, Promise<string>>();
  #salt = hex(crypto.getRandomValues(new Uint8Array(16)));

  constructor(password: string) {
    this.#password = password;
  }

  /** The fingerprint new sessions are stored with. */
  async current(): Promise<string> {
    return `${this.#salt}.${await this.#hashFor(this.#salt)}`;
  }

  /** Whether a stored fingerprint was made from this password. */
  async matches(fingerprint: string): Promise<boolean> {
    const [salt, hash] = fingerprint.split(".");
    if (!salt || !hash || !/^[0-9a-f]{32}$/.test(salt)) return false;
    return sameText(hash, await this.#hashFor(salt));
  }

  #hashFor(salt: string): Promise<string> {
    let found = this.#bySalt.get(salt);
    if (!found) {
      found = stretch(this.#password, salt);
      this.#bySalt.set(salt, found);
    }
    return found;
  }
}
