/**
 * Island props travel from server to browser as JSON inside the page. Plain
 * JSON cannot say "this is a Date" or "these two islands share one signal",
 * so such values are written as tagged arrays under the `"\u0000"` key and
 * revived by the client runtime (`client/revive.ts`).
 *
 * Tags: `["D", iso]` Date, `["S", index]` signal (value in `signals[index]`),
 * `["U"]` undefined, `["O", object]` a plain object that itself has the tag
 * key, `["I", "NaN" | "Infinity" | "-Infinity"]` non-finite numbers,
 * `["B", string]` bigint, `["L"]` server-rendered `children` (a slot).
 *
 * @module
 */

/** The key that marks a tagged value. */
export const TAG = "\u0000";

/** What the page carries: props per island and the shared signal values. */
export interface SerializedState {
  props: unknown[];
  signals: unknown[];
}

/** Thrown when a prop holds something JSON cannot carry (a function, …). */
export class SerializeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SerializeError";
  }
}

interface SignalLike {
  peek(): unknown;
  brand: symbol;
}

const SIGNAL_BRAND = Symbol.for("preact-signals");

function isSignal(value: object): value is SignalLike {
  return (value as { brand?: unknown }).brand === SIGNAL_BRAND;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Collects the props of every island on one page. A signal seen twice (in
 * one island or in two) gets one index, so the client revives one signal.
 */
export class StateSerializer {
  #signals = new Map<SignalLike, number>();
  #signalValues: unknown[] = [];
  #props: unknown[] = [];

  /** Add one island's props; returns their index in `props`. */
  add(islandName: string, props: Record<string, unknown>): number {
    const encoded: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(props)) {
      if (key === "children") {
        if (value != null) encoded.children = { [TAG]: ["L"] };
        continue;
      }
      encoded[key] = this.#encode(value, `${islandName} prop "${key}"`);
    }
    this.#props.push(encoded);
    return this.#props.length - 1;
  }

  /** Everything added so far. */
  get state(): SerializedState {
    return { props: this.#props, signals: this.#signalValues };
  }

  #encode(value: unknown, where: string, seen = new Set<object>()): unknown {
    switch (typeof value) {
      case "string":
      case "boolean":
        return value;
      case "number":
        return Number.isFinite(value) ? value : { [TAG]: ["I", String(value)] };
      case "undefined":
        return { [TAG]: ["U"] };
      case "bigint":
        return { [TAG]: ["B", value.toString()] };
      case "function":
      case "symbol":
        throw new SerializeError(
          `Cannot serialize ${where}: a ${typeof value} cannot be sent to the browser. ` +
            "Island props must be JSON values, Dates or signals.",
        );
    }
    if (value === null) return null;
    const object = value as object;
    if (seen.has(object)) {
      throw new SerializeError(`Cannot serialize ${where}: it is circular.`);
    }
    if (object instanceof Date) return { [TAG]: ["D", object.toISOString()] };
    if (isSignal(object)) {
      return { [TAG]: ["S", this.#signalIndex(object, where)] };
    }
    seen.add(object);
    try {
      if (Array.isArray(object)) {
        return object.map((item, i) =>
          this.#encode(item, `${where}[${i}]`, seen)
        );
      }
      if (!isPlainObject(object)) {
        const kind = object.constructor?.name ?? "object";
        throw new SerializeError(
          `Cannot serialize ${where}: a ${kind} instance is not a plain value.`,
        );
      }
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(object)) {
        out[key] = this.#encode(item, `${where}.${key}`, seen);
      }
      return TAG in out ? { [TAG]: ["O", out] } : out;
    } finally {
      seen.delete(object);
    }
  }

  #signalIndex(signal: SignalLike, where: string): number {
    let index = this.#signals.get(signal);
    if (index === undefined) {
      index = this.#signalValues.length;
      this.#signals.set(signal, index);
      this.#signalValues.push(null);
      this.#signalValues[index] = this.#encode(signal.peek(), `${where}.value`);
    }
    return index;
  }
}

/**
 * JSON for a `<script type="application/json">`: `<`, `>`, `&` and the
 * line separators U+2028/2029 are escaped so that no prop can close the
 * script element, open a comment or break the parser.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
