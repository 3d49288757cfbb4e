/**
 * Hear what other tabs of the same browser changed (a new conversation,
 * a title, a deletion) over the workspace BroadcastChannel.
 *
 * @module
 */
import { useEffect, useRef } from "preact/hooks";
import { WORKSPACE_CHANNEL, type WorkspaceMessage } from "./workspace.ts";

/** Call `onMessage` for every workspace message another tab sends. */
export function useWorkspaceChannel(
  onMessage: (message: WorkspaceMessage) => void,
): void {
  const latest = useRef(onMessage);
  latest.current = onMessage;
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(WORKSPACE_CHANNEL);
    channel.onmessage = (event: MessageEvent<WorkspaceMessage>) => {
      const message = event.data;
      if (message && typeof message === "object" && "type" in message) {
        latest.current(message);
      }
    };
    return () => channel.close();
  }, []);
}
