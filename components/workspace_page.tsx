import type { PageProps } from "fresh";
import { themeFromCookie } from "../lib/theme.ts";
import {
  EXAMPLE_PROMPTS,
  type WorkspaceData,
} from "../lib/client/workspace_data.ts";
import { Workspace } from "./workspace.tsx";

/** The page component of `/` and `/c/:id`: the workspace, themed. */
export function WorkspacePage({ data, req }: PageProps<WorkspaceData>) {
  return (
    <Workspace
      data={data}
      theme={themeFromCookie(req.headers.get("cookie"))}
      examples={EXAMPLE_PROMPTS}
    />
  );
}
