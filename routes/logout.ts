import { define } from "../utils.ts";

/**
 * `POST /logout`: end this browser's session (on every instance, since
 * sessions live in the store) and go back to the login page.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const auth = ctx.state.services.auth;
    const response = ctx.redirect(auth ? "/login" : "/", 303);
    if (auth) response.headers.set("set-cookie", await auth.logout(ctx.req));
    return response;
  },
});
