import { page } from "fresh";
import { define } from "../utils.ts";

interface LoginData {
  error: string | null;
}

export const handler = define.handlers<LoginData>({
  GET(ctx) {
    if (!ctx.state.services.auth) return ctx.redirect("/");
    return page({ error: null });
  },
  async POST(ctx) {
    const auth = ctx.state.services.auth;
    if (!auth) return ctx.redirect("/");
    const form = await ctx.req.formData().catch(() => null);
    const typed = form?.get("password");
    const result = await auth.login(
      ctx.req,
      ctx.info,
      typeof typed === "string" ? typed : "",
    );
    if (!result.ok) {
      const headers: HeadersInit = result.retryAfter
        ? { "retry-after": String(result.retryAfter) }
        : {};
      return page({ error: result.message }, {
        status: result.status,
        headers,
      });
    }
    const response = ctx.redirect("/", 303);
    response.headers.set("set-cookie", result.setCookie);
    return response;
  },
});

/** The login form shown when `AUTH_PASSWORD` is set. */
export default define.page<typeof handler>(function Login({ data }) {
  return (
    <main class="flex min-h-dvh items-center justify-center p-6">
      <form
        method="post"
        class="card card-border w-full max-w-sm bg-base-100 shadow"
      >
        <div class="card-body gap-4">
          <h1 class="card-title text-2xl">LiveAiChat</h1>
          <p class="text-base-content/80">
            This workspace is private. Enter its password.
          </p>
          <label class="flex flex-col gap-1">
            <span class="text-sm font-medium">Password</span>
            <input
              class="input w-full"
              type="password"
              name="password"
              autocomplete="current-password"
              required
              autofocus
            />
          </label>
          {data.error && (
            <p role="alert" class="text-sm text-error">{data.error}</p>
          )}
          <button type="submit" class="btn btn-primary">Log in</button>
        </div>
      </form>
    </main>
  );
});
