import { page } from "fresh";
import { WorkspacePage } from "../components/workspace_page.tsx";
import { loadWorkspace, type WorkspaceData } from "../lib/workspace_page.ts";
import { define } from "../utils.ts";

export const handler = define.handlers<WorkspaceData>({
  async GET(ctx) {
    ctx.state.title = "Recently deleted";
    return page(await loadWorkspace(ctx.state.services, { trash: true }));
  },
});

/** "Recently deleted": the trash, with the sidebar beside it. */
export default WorkspacePage;
