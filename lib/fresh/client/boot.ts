/**
 * The client runtime: finds each island's comment markers in the page,
 * revives its props and hydrates it in place. Loaded only by pages that
 * have islands.
 *
 * @module
 */
import { type ComponentType, h, hydrate } from "preact";
import { type PageState, reviveState, SLOT } from "./revive.ts";
import { setBuildId } from "../runtime.ts";

const START = "frsh:island:";
const END = "/frsh:island";

/**
 * Stand-in parent for the nodes between two markers, so that Preact can
 * hydrate an island that has no wrapper element of its own.
 */
function createRootFragment(parent: Node, start: Comment, end: Comment) {
  const nodes = () => {
    const out: Node[] = [];
    for (let n = start.nextSibling; n && n !== end; n = n.nextSibling) {
      out.push(n);
    }
    return out;
  };
  return {
    nodeType: 1,
    parentNode: parent,
    namespaceURI: (parent as Element).namespaceURI,
    ownerDocument: parent.ownerDocument,
    get firstChild() {
      return start.nextSibling === end ? null : start.nextSibling;
    },
    get childNodes() {
      return nodes();
    },
    insertBefore(node: Node, ref: Node | null) {
      return parent.insertBefore(node, ref ?? end);
    },
    appendChild(node: Node) {
      return parent.insertBefore(node, end);
    },
    removeChild(node: Node) {
      return parent.removeChild(node);
    },
    contains(node: Node) {
      return nodes().some((n) => n === node || n.contains(node));
    },
  } as unknown as Element;
}

/** Keeps the server-rendered `children` of an island as they are. */
function Slot(props: { html: string }) {
  return h("frsh-slot", { dangerouslySetInnerHTML: { __html: props.html } });
}

function findSlotHtml(start: Comment, end: Comment): string {
  for (let n = start.nextSibling; n && n !== end; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const el = n as Element;
    const slot = el.localName === "frsh-slot"
      ? el
      : el.querySelector("frsh-slot");
    if (slot) return slot.innerHTML;
  }
  return "";
}

/**
 * Hydrate every island on the page. `islands` maps island names to
 * components; `stateJson` is the page's serialized props.
 */
export function boot(
  islands: Record<string, ComponentType<Record<string, unknown>>>,
  stateJson: string,
  buildId: string,
): void {
  setBuildId(buildId);
  const props = reviveState(JSON.parse(stateJson) as PageState);
  const walker = document.createTreeWalker(
    document.body,
    NodeFilter.SHOW_COMMENT,
  );
  const open: Comment[] = [];
  const found: [Comment, Comment][] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const comment = node as Comment;
    if (comment.data.startsWith(START)) open.push(comment);
    else if (comment.data === END) {
      const start = open.pop();
      if (start && open.length === 0) found.push([start, comment]);
    }
  }
  for (const [start, end] of found) {
    const [name, index] = start.data.slice(START.length).split(":");
    const component = islands[name];
    const islandProps = props[Number(index)];
    if (!component || !islandProps) {
      console.error(`Island "${name}" is missing from the page's bundle.`);
      continue;
    }
    if (islandProps.children === SLOT) {
      islandProps.children = h(Slot, { html: findSlotHtml(start, end) });
    }
    hydrate(
      h(component, islandProps),
      createRootFragment(start.parentNode!, start, end),
    );
  }
}
