/**
 * Infinite scroll: a sentinel element at the end of a list calls back when
 * it scrolls into view (a little before, so the next page is ready).
 *
 * @module
 */
import type { RefObject } from "preact";
import { useEffect, useRef } from "preact/hooks";

/**
 * Call `onVisible` whenever the element of `ref` comes within `margin` of
 * the viewport. Re-observes when `key` changes (e.g. a page was added
 * but the sentinel is still in view).
 */
export function useOnVisible(
  ref: RefObject<Element>,
  onVisible: () => void,
  options: { key?: unknown; margin?: string } = {},
): void {
  const latest = useRef(onVisible);
  latest.current = onVisible;
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) latest.current();
    }, { rootMargin: options.margin ?? "200px" });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref.current, options.key]);
}
