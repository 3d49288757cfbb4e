/**
 * Server rendering of pages: wraps the page in its layouts and `_app`,
 * renders to HTML with preact-render-to-string, marks islands with comment
 * markers, and adds the serialized props and the boot script when (and
 * only when) the page has islands.
 *
 * @module
 */
import {
  type ComponentType,
  createContext,
  Fragment,
  h,
  options,
  type VNode,
} from "preact";
import { useContext } from "preact/hooks";
import { renderToString } from "preact-render-to-string";
import { type IslandInfo, islandOf } from "./islands.ts";
import { jsonForScript, StateSerializer } from "./serialize.ts";
import type { AnyComponent, PageProps } from "./types.ts";

/** State of the one render in progress (rendering is synchronous). */
interface RenderState {
  serializer: StateSerializer;
  used: Map<string, IslandInfo>;
  nonce: string;
}

let current: RenderState | null = null;
let creatingIsland = false;
const InsideIsland = createContext(false);

interface BoundaryProps {
  island: IslandInfo;
  props: Record<string, unknown>;
}

function comment(text: string): VNode {
  // preact-render-to-string writes a Fragment with this prop as <!--text-->.
  return h(Fragment, { UNSTABLE_comment: text } as Record<string, unknown>);
}

/** Renders an island and, when it is outermost, its markers. */
function IslandBoundary({ island, props }: BoundaryProps): VNode {
  const inside = useContext(InsideIsland);
  const innerProps = props.children == null || inside
    ? props
    : { ...props, children: h("frsh-slot", null, props.children) };
  creatingIsland = true;
  const inner = h(island.component, innerProps);
  creatingIsland = false;
  if (inside || !current) return inner;
  const index = current.serializer.add(island.name, props);
  current.used.set(island.name, island);
  return h(
    Fragment,
    null,
    comment(`frsh:island:${island.name}:${index}`),
    h(InsideIsland.Provider, { value: true }, inner),
    comment("/frsh:island"),
  );
}

const previousVnodeHook = options.vnode;
options.vnode = (vnode) => {
  const type = vnode.type;
  if (typeof type === "function") {
    const island = creatingIsland ? undefined : islandOf(type);
    if (island) {
      vnode.props = {
        island,
        props: vnode.props,
      } as unknown as typeof vnode.props;
      vnode.type = IslandBoundary as typeof vnode.type;
    }
  } else if (current && (type === "script" || type === "style")) {
    const props = vnode.props as Record<string, unknown>;
    if (props.nonce === undefined) props.nonce = current.nonce;
  }
  previousVnodeHook?.(vnode);
};

/** One level of the page tree: `_app`, a `_layout`, or the page. */
export type PageLayer = AnyComponent<PageProps<unknown, unknown>>;

/** Everything needed to render one page. */
export interface RenderPageOptions {
  /** Outermost first: `_app`, layouts, then the page (or a vnode). */
  layers: (PageLayer | VNode)[];
  props: Omit<PageProps<unknown, unknown>, "Component">;
  nonce: string;
  bootUrl: string;
  buildId: string;
  /** Extra HTML for the end of `<body>` (dev-mode live reload). */
  bodyEnd?: string;
}

function isAsync(fn: unknown): boolean {
  return typeof fn === "function" && fn.constructor.name === "AsyncFunction";
}

/**
 * Resolve async layers first (Preact renders synchronously), then build
 * the tree from the inside out, each layer getting the next as Component.
 */
async function buildTree(options: RenderPageOptions): Promise<VNode> {
  type Props = PageProps<unknown, unknown>;
  let inner: ComponentType = () => null;
  for (let i = options.layers.length - 1; i >= 0; i--) {
    const layer = options.layers[i];
    const props: Props = { ...options.props, Component: inner };
    if (typeof layer !== "function") {
      const vnode: VNode = layer;
      inner = () => vnode;
    } else if (isAsync(layer)) {
      const vnode: VNode | null =
        await (layer as (p: Props) => Promise<VNode | null>)(props);
      inner = () => vnode;
    } else {
      const component = layer as ComponentType<Props>;
      inner = () => h(component, props);
    }
  }
  return h(inner, null);
}

/** Render a page to a complete HTML document string. */
export async function renderPage(options: RenderPageOptions): Promise<string> {
  const tree = await buildTree(options);
  const state: RenderState = {
    serializer: new StateSerializer(),
    used: new Map(),
    nonce: options.nonce,
  };
  let html: string;
  current = state;
  try {
    html = renderToString(tree);
  } finally {
    current = null;
    creatingIsland = false;
  }
  let tail = options.bodyEnd ?? "";
  if (state.used.size > 0) tail += bootScripts(state, options);
  if (!/^\s*<html/i.test(html)) html = `<html><body>${html}</body></html>`;
  const at = html.lastIndexOf("</body>");
  html = at === -1 ? html + tail : html.slice(0, at) + tail + html.slice(at);
  return "<!DOCTYPE html>" + html;
}

function bootScripts(state: RenderState, options: RenderPageOptions): string {
  const chunks = [...new Set([...state.used.values()].map((i) => i.chunk))];
  const imports = chunks.map((chunk, i) =>
    `import*as m${i} from${JSON.stringify(chunk)};`
  ).join("");
  const islands = [...state.used.values()].map((island) =>
    `${JSON.stringify(island.name)}:m${chunks.indexOf(island.chunk)}[${
      JSON.stringify(island.exportName)
    }]`
  ).join(",");
  const stateJson = jsonForScript(state.serializer.state);
  return `<script id="__FRSH_STATE" type="application/json">${stateJson}</script>` +
    `<script type="module" nonce="${options.nonce}">` +
    `import{boot}from${JSON.stringify(options.bootUrl)};${imports}` +
    `boot({${islands}},document.getElementById("__FRSH_STATE").textContent,` +
    `${JSON.stringify(options.buildId)});</script>`;
}
