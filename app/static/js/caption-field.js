// @ts-check
// The caption: X's weighted counter and the words the policy check marked, drawn under the textarea.
import { el } from "./dom.js";
import { X_MAX, xWeightedLength } from "./x-length.js";

/**
 * The server's spans count code points; JavaScript counts UTF-16 units.
 * @param {string} text
 * @param {number[][]} spans
 */
function toUtf16(text, spans) {
  const offsets = [0];
  for (const ch of text) offsets.push(offsets[offsets.length - 1] + ch.length);
  const at = (/** @type {number} */ i) => offsets[Math.min(i, offsets.length - 1)];
  return spans.map(([start, end]) => [at(start), at(end)]);
}

export class CaptionField {
  /** @param {{input: HTMLTextAreaElement, highlights: HTMLElement, counter: HTMLElement, hasX: boolean}} parts */
  constructor({ input, highlights, counter, hasX }) {
    this.input = input;
    this.highlights = highlights;
    this.counter = counter;
    this.hasX = hasX;
    input.addEventListener("scroll", () => { highlights.scrollTop = input.scrollTop; });
  }

  get value() { return this.input.value; }
  set value(text) { this.input.value = text; }

  /** @param {boolean} toX */
  count(toX) {
    if ((this.counter.hidden = !this.hasX)) return;
    const length = xWeightedLength(this.value);
    const over = toX && length > X_MAX;
    this.counter.classList.toggle("over", over);
    this.counter.textContent = over ? `${length} of ${X_MAX} characters on X: ${length - X_MAX} too many.`
      : `${length} of ${X_MAX} characters on X${toX ? "" : " (X is not selected)"}.`;
  }

  /**
   * Marks the spans of `findings` when they were found in the text as it is now.
   * @param {{text: string | null, findings: {spans?: number[][]}[]}} check
   */
  mark(check) {
    const text = this.value;
    const spans = check.text === text
      ? check.findings.flatMap((f) => toUtf16(text, f.spans || [])).sort((a, b) => a[0] - b[0]) : [];
    /** @type {(string | Node)[]} */
    const parts = [];
    let at = 0;
    for (const [start, end] of spans) {
      if (start < at) continue;
      parts.push(text.slice(at, start), el("mark", { textContent: text.slice(start, end) }));
      at = end;
    }
    parts.push(text.slice(at), "\n");
    this.highlights.replaceChildren(...parts);
    this.highlights.scrollTop = this.input.scrollTop;
  }
}
