/**
 * Running a list of middleware, as Fresh 2's `compileMiddlewares` does:
 * before each step runs, `ctx.next` is set to a function of that step's
 * own, which runs the steps after it. A middleware that keeps its `next`
 * and calls it twice runs the following middleware twice; nothing is
 * shared between steps but the context.
 *
 * @module
 */
import type { Context } from "./context.ts";
import type { MiddlewareFn } from "./types.ts";

/** Run `steps` in order around `tail` (the route). */
export function runSteps<State>(
  ctx: Context<State>,
  steps: MiddlewareFn<State>[],
  tail: () => Promise<Response>,
): Promise<Response> {
  let chain = tail;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i];
    const after = chain;
    chain = async () => {
      ctx.next = after;
      return await step(ctx);
    };
  }
  return chain();
}
