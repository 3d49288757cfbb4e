/**
 * WCAG contrast of the text on a page, measured in the browser.
 *
 * @module
 */

/**
 * Runs in the page: every visible element with its own text, and the
 * contrast of that text against what is painted behind it. Colours are
 * resolved by painting them on a canvas (daisyUI uses oklch and alpha).
 */
export function lowContrastTexts(): string[] {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const paint = canvas.getContext("2d", { willReadFrequently: true })!;
  const rgb = (layers: string[]): [number, number, number] => {
    paint.clearRect(0, 0, 1, 1);
    paint.fillStyle = "#ffffff";
    paint.fillRect(0, 0, 1, 1);
    for (const color of layers) {
      paint.fillStyle = color;
      paint.fillRect(0, 0, 1, 1);
    }
    const [r, g, b] = paint.getImageData(0, 0, 1, 1).data;
    return [r, g, b];
  };
  const luminance = ([r, g, b]: number[]) => {
    const c = [r, g, b].map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const backgrounds = (el: Element | null): string[] => {
    const layers: string[] = [];
    for (let e = el; e; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor;
      if (bg && bg !== "rgba(0, 0, 0, 0)" && bg !== "transparent") {
        layers.unshift(bg);
      }
    }
    return layers;
  };
  const failures: string[] = [];
  for (const el of document.querySelectorAll<HTMLElement>("body *")) {
    const own = [...el.childNodes].some((n) =>
      n.nodeType === 3 && n.textContent!.trim() !== ""
    );
    if (!own || el.closest("[aria-hidden=true], .sr-only, pre, code")) continue;
    if ((el as HTMLButtonElement).disabled) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    let visible = true;
    for (let e: Element | null = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.opacity === "0" || style.visibility === "hidden") {
        visible = false;
      }
    }
    if (!visible) continue;
    const style = getComputedStyle(el);
    const bg = backgrounds(el);
    const back = rgb(bg);
    const fore = rgb([...bg, style.color]);
    const [hi, lo] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 ||
      (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      failures.push(
        `${ratio.toFixed(2)}: <${el.localName} class="${el.className}"> ${
          el.textContent!.trim().slice(0, 40)
        }`,
      );
    }
  }
  return failures;
}
