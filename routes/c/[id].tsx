import { page } from "fresh";
import { WorkspacePage } from "../../components/workspace_page.tsx";
import { loadWorkspace, type WorkspaceData } from "../../lib/workspace_page.ts";
import { define } from "../../utils.ts";

export const handler = define.handlers<WorkspaceData>({
  async GET(ctx) {
    const data = await loadWorkspace(ctx.state.services, {
      id: ctx.params.id,
      query: ctx.url.searchParams.get("q") ?? "",
    });
    ctx.state.title = data.conversation?.title;
    return page(data);
  },
});

/** One conversation, its history rendered on the server. */
export default WorkspacePage;
