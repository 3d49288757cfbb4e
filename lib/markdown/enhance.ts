/**
 * Browser-only finishing of rendered markdown: syntax highlighting, KaTeX,
 * copy buttons and images from other servers shown on request. Highlight.js and KaTeX are large, so each is fetched by
 * dynamic `import()` only when a code block or formula first appears, and
 * only the languages actually seen are loaded. Enhanced elements are
 * marked, so calling this again after every render is cheap.
 *
 * @module
 */
import type { HLJSApi } from "highlight.js";
import { KATEX_CSS_PATH } from "./constants.ts";
import { highlightLanguage, LANGUAGE_LOADERS } from "./highlight_languages.ts";

type Katex = typeof import("katex").default;

const DONE = "data-enhanced";
const COPIED_MS = 2000;

let hljsCore: Promise<HLJSApi> | undefined;
const languages = new Map<string, Promise<void>>();
let katexModule: Promise<Katex> | undefined;

/**
 * Enhance the code blocks and math placeholders under `root` that are not
 * enhanced yet. Resolves when highlighting and typesetting are done;
 * failures to load leave the plain, readable fallback in place.
 */
export async function enhanceMarkdown(root: Element): Promise<void> {
  const work: Promise<void>[] = [];
  for (const block of root.querySelectorAll(`.code-block:not([${DONE}])`)) {
    block.setAttribute(DONE, "");
    wireCopyButton(block);
    const code = block.querySelector("code");
    const language = highlightLanguage(block.getAttribute("data-lang") ?? "");
    if (code && language) work.push(highlight(code, language));
  }
  const formulas = root.querySelectorAll(
    `.math-inline:not([${DONE}]), .math-block:not([${DONE}])`,
  );
  for (const formula of formulas) {
    formula.setAttribute(DONE, "");
    work.push(typeset(formula));
  }
  for (
    const link of root.querySelectorAll(`[data-remote-image]:not([${DONE}])`)
  ) {
    link.setAttribute(DONE, "");
    link.addEventListener("click", showRemoteImage);
  }
  await Promise.allSettled(work);
}

/**
 * A click on a not-yet-loaded image from another server shows it in place
 * (fetched without a referrer). A click with a modifier key still opens
 * the link as usual; if the image fails, the link comes back.
 */
function showRemoteImage(event: Event): void {
  const link = event.currentTarget as HTMLAnchorElement;
  const click = event as MouseEvent;
  if (click.ctrlKey || click.metaKey || click.shiftKey || click.altKey) return;
  event.preventDefault();
  const image = document.createElement("img");
  image.referrerPolicy = "no-referrer";
  image.alt = link.getAttribute("data-alt") ?? "";
  image.className = "remote-image-loaded";
  image.addEventListener("error", () => {
    image.replaceWith(link);
    link.title = "The image could not be loaded; open it in a new tab";
  });
  image.src = link.href;
  link.replaceWith(image);
}

function wireCopyButton(block: Element): void {
  const button = block.querySelector<HTMLButtonElement>("button[data-copy]");
  if (!button) return;
  const label = button.textContent;
  let timer: ReturnType<typeof setTimeout> | undefined;
  button.addEventListener("click", async () => {
    const text = block.querySelector("code")?.textContent ?? "";
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = "Copied";
      button.setAttribute("data-copied", "");
    } catch {
      button.textContent = "Copy failed";
    }
    clearTimeout(timer);
    timer = setTimeout(() => {
      button.textContent = label;
      button.removeAttribute("data-copied");
    }, COPIED_MS);
  });
}

async function highlight(code: Element, language: string): Promise<void> {
  const hljs = await loadLanguage(language);
  // highlight.js escapes the source; its output holds only hljs-* spans.
  code.innerHTML = hljs.highlight(code.textContent ?? "", {
    language,
    ignoreIllegals: true,
  }).value;
  code.classList.add("hljs");
}

function loadLanguage(language: string): Promise<HLJSApi> {
  hljsCore ??= import("highlight.js/lib/core").then((m) => m.default);
  let loaded = languages.get(language);
  if (!loaded) {
    loaded = Promise.all([hljsCore, LANGUAGE_LOADERS[language]()]).then(
      ([hljs, definition]) =>
        hljs.registerLanguage(language, definition.default),
    );
    languages.set(language, loaded);
  }
  return loaded.then(() => hljsCore!);
}

async function typeset(formula: Element): Promise<void> {
  addKatexStylesheet();
  katexModule ??= import("katex").then((m) => m.default);
  const katex = await katexModule;
  formula.innerHTML = katex.renderToString(
    formula.getAttribute("data-tex") ?? "",
    {
      displayMode: formula.classList.contains("math-block") ||
        formula.hasAttribute("data-display"),
      throwOnError: false,
      strict: "ignore",
      trust: false,
      maxSize: 50,
      maxExpand: 500,
    },
  );
}

function addKatexStylesheet(): void {
  if (document.querySelector(`link[href="${KATEX_CSS_PATH}"]`)) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = KATEX_CSS_PATH;
  document.head.append(link);
}
