import { page } from "fresh";
import { WorkspacePage } from "../components/workspace_page.tsx";
import { loadWorkspace, type WorkspaceData } from "../lib/workspace_page.ts";
import { define } from "../utils.ts";

export const handler = define.handlers<WorkspaceData>({
  async GET(ctx) {
    const query = ctx.url.searchParams.get("q") ?? "";
    return page(await loadWorkspace(ctx.state.services, { query }));
  },
});

/** The workspace with no conversation open: a new chat. */
export default WorkspacePage;
