/**
 * The browser half of `serialize.ts`: turns the tagged JSON of the page
 * back into Dates, shared signals and plain values.
 *
 * @module
 */
import { type Signal, signal } from "@preact/signals";

const TAG = "\u0000";

/** Placeholder for server-rendered `children`; the runtime fills it in. */
export const SLOT: unique symbol = Symbol("slot");

/** Serialized island state, as written by the server. */
export interface PageState {
  props: Record<string, unknown>[];
  signals: unknown[];
}

/** Revive every island's props; one signal object per signal index. */
export function reviveState(state: PageState): Record<string, unknown>[] {
  const signals = new Map<number, Signal>();
  const revive = (value: unknown): unknown => {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map(revive);
    const record = value as Record<string, unknown>;
    const tag = record[TAG] as [string, unknown] | undefined;
    if (tag) {
      const [kind, payload] = tag;
      switch (kind) {
        case "D":
          return new Date(payload as string);
        case "U":
          return undefined;
        case "L":
          return SLOT;
        case "I":
          return Number(payload);
        case "B":
          return BigInt(payload as string);
        case "O":
          return reviveObject(payload as Record<string, unknown>);
        case "S": {
          const index = payload as number;
          let s = signals.get(index);
          if (!s) {
            s = signal(revive(state.signals[index]));
            signals.set(index, s);
          }
          return s;
        }
      }
    }
    return reviveObject(record);
  };
  const reviveObject = (record: Record<string, unknown>) => {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) out[key] = revive(item);
    return out;
  };
  return state.props.map((p) => reviveObject(p));
}
