// @ts-check
// Small DOM and wording helpers shared by every page's modules.

/** @param {string} id */
export const $ = (id) => /** @type {any} */ (document.getElementById(id));

/**
 * An element with properties and children (null, undefined and false children are skipped).
 * @param {string} tag
 * @param {Record<string, any>} [props]
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {any}
 */
export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(.../** @type {(Node | string)[]} */ (children.filter((c) => c !== null && c !== undefined && c !== false)));
  return node;
}

/** A touch screen (phone or tablet): no dragging, "this phone"; otherwise "this computer". */
export const onPhone = () => typeof matchMedia === "function" && matchMedia("(pointer: coarse)").matches;
export const device = () => (onPhone() ? "phone" : "computer");

/**
 * “x”, “y” and “z”, with the verb that agrees: andList(["a", "b"]) + (plural ? " are" : " is").
 * @param {string[]} items
 * @param {boolean} [quote]
 */
export function andList(items, quote = true) {
  const shown = items.map((item) => (quote ? `“${item}”` : item));
  return shown.length < 2 ? shown.join("") : `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

/** UUID v4; Safari < 15.4 has no randomUUID. */
export const newKey = () => crypto.randomUUID?.() ?? "10000000-1000-4000-8000-100000000000".replace(/[018]/g,
  (c) => (Number(c) ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (Number(c) / 4)))).toString(16));

/**
 * The page's config: a JSON <script> block rendered by the server (limits and rule wording).
 * @param {string} id
 * @returns {any}
 */
export function readConfig(id) {
  try {
    return JSON.parse(document.getElementById(id)?.textContent || "{}");
  } catch {
    return {};
  }
}

/**
 * Fill {name} placeholders in wording from the server.
 * @param {string} text
 * @param {Record<string, string | number>} values
 */
export const fill = (text, values) => text.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));
