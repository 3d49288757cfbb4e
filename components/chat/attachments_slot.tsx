import { signal } from "@preact/signals";
import type { ComponentProps } from "preact";
import { lazy } from "../../lib/client/lazy.ts";
import type { MessageAttachments } from "./attachments.tsx";

type Impl = typeof MessageAttachments;

/** The real component once known: at once on the server, loaded in the browser. */
const impl = signal<Impl | null>(null);

/**
 * Render messages' files with `component` from now on: the server does
 * this at start (components/workspace.tsx), so pages carry the files'
 * markup while the browser's bundle does not carry the code.
 */
export function provideAttachments(component: Impl): void {
  impl.value = component;
}

/**
 * Load the component in the browser, when a message's files are first
 * drawn (as the rarer parts of a message, message_item.tsx). Most pages
 * have none, so it is not in the page's bundle.
 */
const loadAttachments = lazy(() =>
  import("./attachments.tsx").then((m) =>
    provideAttachments(m.MessageAttachments)
  )
);

/**
 * A message's files (see `MessageAttachments`), loading their code when
 * first drawn. Until it arrives, what the server rendered stays as it is:
 * hydration leaves the inner HTML of an element with
 * `dangerouslySetInnerHTML` alone.
 */
export function Attachments(props: ComponentProps<Impl>) {
  const Real = impl.value;
  if (Real) return <Real {...props} />;
  loadAttachments().catch(() => {/* the server's markup stays */});
  return (
    <ul
      class="att-list"
      aria-label="Attached files"
      data-attachments
      dangerouslySetInnerHTML={{ __html: "" }}
    />
  );
}
