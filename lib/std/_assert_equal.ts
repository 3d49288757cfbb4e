/**
 * Deep equality with the real `@std/assert` rules: structural for plain
 * objects, arrays, Maps and Sets; Dates by time, RegExps and URLs by text;
 * `NaN` equals `NaN`, `0` equals `-0`; objects built by different
 * constructors differ, except plain and null-prototype objects.
 * @module
 */

function isObjectLike(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

function sameConstructor(a: object, b: object): boolean {
  return a.constructor === b.constructor ||
    (a.constructor === Object && !b.constructor) ||
    (!a.constructor && b.constructor === Object);
}

const TypedArray = Object.getPrototypeOf(Uint8Array);

function isBasic(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype ||
    proto === Array.prototype;
}

/**
 * Every own property name and symbol (enumerable or not) of the value and
 * its prototypes below `Object.prototype`: how the real `equal` compares
 * class instances, so two distinct errors (different stacks) differ.
 */
function deepKeys(value: object): Set<PropertyKey> {
  const keys = new Set<PropertyKey>();
  for (
    let at: object | null = value;
    at !== null && at !== Object.prototype && at !== Array.prototype;
    at = Object.getPrototypeOf(at)
  ) {
    for (const key of Object.getOwnPropertyNames(at)) keys.add(key);
    for (const key of Object.getOwnPropertySymbols(at)) keys.add(key);
  }
  return keys;
}

function sameBytes(a: ArrayLike<unknown>, b: ArrayLike<unknown>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i] && !Object.is(a[i], b[i])) return false;
  }
  return true;
}

function ownKeys(value: object): PropertyKey[] {
  const symbols = Object.getOwnPropertySymbols(value).filter((symbol) =>
    Object.prototype.propertyIsEnumerable.call(value, symbol)
  );
  return [...Object.keys(value), ...symbols];
}

/** Compares two values deeply; the engine behind `assertEquals`. */
export function equal(actual: unknown, expected: unknown): boolean {
  const seen = new Map<object, object>();

  function compare(a: unknown, b: unknown): boolean {
    if (typeof a === "number" && typeof b === "number") {
      return a === b || (Number.isNaN(a) && Number.isNaN(b));
    }
    if (Object.is(a, b)) return true;
    if (!isObjectLike(a) || !isObjectLike(b)) return false;
    if (a instanceof Date && b instanceof Date) {
      return compare(a.getTime(), b.getTime());
    }
    if (
      (a instanceof RegExp && b instanceof RegExp) ||
      (a instanceof URL && b instanceof URL)
    ) return String(a) === String(b);
    if (!sameConstructor(a, b)) return false;
    if (a instanceof WeakMap || a instanceof WeakSet) {
      throw new TypeError("Cannot compare WeakMap or WeakSet instances");
    }
    if (a instanceof WeakRef) {
      return compare(a.deref(), (b as WeakRef<object>).deref());
    }
    if (a instanceof TypedArray) {
      return sameBytes(a as Uint8Array, b as Uint8Array);
    }
    if (a instanceof ArrayBuffer && b instanceof ArrayBuffer) {
      return sameBytes(new Uint8Array(a), new Uint8Array(b));
    }
    if (seen.get(a) === b) return true;
    seen.set(a, b);
    if (a instanceof Set && b instanceof Set) return sameSets(a, b);
    if (a instanceof Map && b instanceof Map) return sameMaps(a, b);
    const keys = ownKeys(a);
    if (keys.length !== ownKeys(b).length) return false;
    if (!isBasic(a)) {
      // Class instances: every property, own or inherited, enumerable or not.
      for (const key of new Set([...deepKeys(a), ...deepKeys(b)])) {
        if ((key in a) !== (key in b)) return false;
        const left = (a as Record<PropertyKey, unknown>)[key];
        const right = (b as Record<PropertyKey, unknown>)[key];
        if (!compare(left, right)) return false;
      }
      return true;
    }
    for (const key of keys) {
      if (!Object.prototype.hasOwnProperty.call(b, key)) return false;
      const left = (a as Record<PropertyKey, unknown>)[key];
      const right = (b as Record<PropertyKey, unknown>)[key];
      if (!compare(left, right)) return false;
    }
    return true;
  }

  function sameSets(a: Set<unknown>, b: Set<unknown>): boolean {
    if (a.size !== b.size) return false;
    const unmatched = [...b].filter((item) => !a.has(item));
    for (const item of a) {
      if (b.has(item)) continue;
      const at = unmatched.findIndex((other) => compare(item, other));
      if (at < 0) return false;
      unmatched.splice(at, 1);
    }
    return true;
  }

  function sameMaps(a: Map<unknown, unknown>, b: Map<unknown, unknown>) {
    if (a.size !== b.size) return false;
    for (const [key, value] of a) {
      if (b.has(key)) {
        if (!compare(value, b.get(key))) return false;
        continue;
      }
      let found = false;
      for (const [otherKey, otherValue] of b) {
        if (compare(key, otherKey) && compare(value, otherValue)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }

  return compare(actual, expected);
}
