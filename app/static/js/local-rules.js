// @ts-check
// The checks a device can make with no signal (names are checked by the server when the post arrives), and
// posting hours by the server's clock. Wording and limits come from the server, in the page config.
import { fill } from "./dom.js";
import { X_MAX, urlSpans, xWeightedLength } from "./x-length.js";

/**
 * @typedef {{text: string, photo_count: number, channels: string[], alt_texts: string[],
 *   out_of_hours_reason?: string | null}} Draft
 * @typedef {{rule: string, severity: string, message: string, policy?: string, spans?: number[][], data?: any}} Finding
 */

/**
 * Inside the posting window (config.window: days Monday=0, start/end in minutes, tz)?
 * @param {{days: number[], start: number, end: number, tz: string}} window
 * @param {Date} now
 */
export function inPostingHours(window, now) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", { timeZone: window.tz, weekday: "short",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now).map((p) => [p.type, p.value]));
  const day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday);
  const minutes = Number(parts.hour) * 60 + Number(parts.minute);
  return window.days.includes(day) && minutes >= window.start && minutes < window.end;
}

/**
 * @param {Draft} draft
 * @param {any} config the page config (rules: wording by rule id; window_text)
 * @param {{outsideHours?: boolean, scheduling?: boolean}} [state]
 * @returns {Finding[]}
 */
export function localFindings(draft, config, { outsideHours = false, scheduling = false } = {}) {
  const words = config.rules || {};
  /** @type {Finding[]} */
  const found = [];
  /** @param {string} rule @param {string} severity @param {Record<string, string | number>} [values] */
  const add = (rule, severity, values = {}) => found.push({ rule, severity, message: fill(words[rule] || rule, values) });
  const toX = draft.channels.includes("x");
  const length = xWeightedLength(draft.text);
  if (!draft.text.trim() && !draft.photo_count) add("empty", "block");
  if (toX && length > X_MAX) add("length", "block", { max: X_MAX, length });
  if (draft.photo_count) add("consent", "confirm");
  if (draft.alt_texts.some((a) => !a.trim())) add("alt-text", "confirm");
  if (toX && urlSpans(draft.text).length) add("link-cost", "confirm");
  if (outsideHours && !scheduling && !draft.out_of_hours_reason) add("posting-hours", "block", { window: config.window_text || "" });
  return found;
}
