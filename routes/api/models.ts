import { define } from "../../utils.ts";

/** `GET /api/models`: the models available now (`demo` always) and the default. */
export const handler = define.handlers({
  async GET(ctx) {
    const { models } = ctx.state.services;
    return Response.json({
      models: await models.listModels(),
      defaultModel: models.defaultModel,
    });
  },
});
