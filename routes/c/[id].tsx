import { page } from "fresh";
import { Workspace } from "../../components/workspace.tsx";
import { themeFromCookie } from "../../lib/theme.ts";
import {
  EXAMPLE_PROMPTS,
  loadWorkspace,
  type WorkspaceData,
} from "../../lib/workspace_page.ts";
import { define } from "../../utils.ts";

export const handler = define.handlers<WorkspaceData>({
  async GET(ctx) {
    const query = ctx.url.searchParams.get("q") ?? "";
    const data = await loadWorkspace(ctx.state.services, {
      id: ctx.params.id,
      query,
    });
    ctx.state.title = data.conversation?.title;
    return page(data);
  },
});

/** One conversation, its history rendered on the server. */
export default define.page<WorkspaceData>(
  function ConversationPage({ data, req }) {
    return (
      <Workspace
        data={data}
        theme={themeFromCookie(req.headers.get("cookie"))}
        examples={EXAMPLE_PROMPTS}
      />
    );
  },
);
