/**
 * A `ChatStore` whose every asynchronous operation is a span
 * (`store.appendMessage`, `store.listConversations`, …) with the backend
 * and the conversation, so a slow reply can be told apart from a slow
 * store.
 *
 * @module
 */
import type { ChatStore } from "../store/mod.ts";
import { inSpan } from "./tracing.ts";

/** Methods that answer at once (nothing to time). */
const SYNC = new Set<PropertyKey>(["problems"]);

/** Wrap `store` so each call is a span; `backend` is `csv` or `kv`. */
export function tracedStore<S extends ChatStore>(
  store: S,
  backend: string,
): S {
  return new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function" || SYNC.has(prop)) return value;
      const method = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        const attributes: Record<string, string> = {
          "store.backend": backend,
          "store.operation": String(prop),
        };
        if (typeof args[0] === "string") {
          attributes["store.id"] = args[0];
        }
        return inSpan(
          `store.${String(prop)}`,
          attributes,
          () => Promise.resolve(method.apply(target, args)),
        );
      };
    },
  });
}
