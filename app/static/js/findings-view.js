// @ts-check
// Findings on screen, by severity: a refusal (must change, red), a question (a clear yes to choose, blue) and
// information (grey, nothing to do). Pupils without photo consent are listed once, under the consent question.
import { el } from "./dom.js";

/** @typedef {import("./local-rules.js").Finding} Finding */

const ORDER = { block: 0, confirm: 1 };

/**
 * The question's sentences without the one naming the pupils (they are listed below it instead).
 * @param {Finding} finding
 */
function questionText(finding) {
  const pupils = finding.data?.pupils || [];
  if (!pupils.length) return finding.message;
  return finding.message.split(/(?<=[.!?])\s+/).filter((s) => !pupils.some((/** @type {string} */ p) => s.includes(p)))
    .join(" ");
}

export class FindingsView {
  /**
   * @param {{list: HTMLElement, config: any, onChange: () => void}} options
   */
  constructor({ list, config, onChange }) {
    this.list = list;
    this.onChange = onChange;
    this.answers = config.answers || {};
    this.titles = config.titles || {};
    /** @type {Set<string>} rule ids of questions answered yes */
    this.ticked = new Set();
    /** @type {Finding[]} */
    this.shown = [];
  }

  /** The label of a question's "yes". @param {Finding} finding */
  answer(finding) {
    return this.answers[finding.rule] || this.answers.default || "Yes, I have checked";
  }

  /** @param {Finding[]} findings */
  render(findings) {
    const seen = new Set();  // the same words twice (two rules, one problem) are shown once
    this.shown = [...findings].sort((a, b) => (ORDER[a.severity] ?? 2) - (ORDER[b.severity] ?? 2))
      .filter((f) => !seen.has(f.message) && seen.add(f.message));
    this.list.replaceChildren(...this.shown.map((f) => this.item(f)));
  }

  /** @param {Finding} finding */
  item(finding) {
    const policy = finding.policy ? el("span", { className: "quote", textContent: `Policy: ${finding.policy}` }) : null;
    if (finding.severity === "block") {
      return el("li", { className: "block" }, el("strong", { className: "kind", textContent: "Must change" }),
        el("span", { textContent: finding.message }), policy);
    }
    if (finding.severity !== "confirm") {
      return el("li", { className: "info" }, el("strong", { className: "kind", textContent: "For information" }),
        el("span", { textContent: finding.message }));
    }
    const box = el("input", { type: "checkbox", value: finding.rule, checked: this.ticked.has(finding.rule) });
    box.addEventListener("change", () => {
      if (box.checked) this.ticked.add(finding.rule); else this.ticked.delete(finding.rule);
      this.onChange();
    });
    const pupils = finding.data?.pupils || [];
    return el("li", { className: `confirm rule-${finding.rule}` },
      el("strong", { className: "kind", textContent: "Check" }),
      el("p", { className: "question", textContent: questionText(finding) }),
      pupils.length ? el("p", { className: "quote", textContent: `${pupils.length > 1 ? "These pupils have" : "This pupil has"} no photo consent: check ${pupils.length > 1 ? "none of them is" : "they are not"} in the photos.` }) : null,
      pupils.length ? el("ul", { className: "pupils" }, ...pupils.map((/** @type {string} */ name) => el("li", { textContent: name }))) : null,
      el("label", { className: "check choice" }, box, this.answer(finding)));
  }

  /** Questions on screen not answered yet. */
  unanswered() {
    return this.shown.filter((f) => f.severity === "confirm" && !this.ticked.has(f.rule));
  }

  /** Rule ids of the questions on screen answered yes (sent with the post). */
  confirmations() {
    return this.shown.filter((f) => f.severity === "confirm" && this.ticked.has(f.rule)).map((f) => f.rule);
  }

  /** One line for the Post bar: why it can't post, without repeating the refusal shown above. */
  reason() {
    const blocks = this.shown.filter((f) => f.severity === "block");
    if (blocks.length > 1) return `Can't post yet: ${blocks.length} things to change.`;
    if (blocks.length) return `Can't post yet: ${this.titles[blocks[0].rule] || "change what is marked above"}.`;
    const open = this.unanswered().length;
    if (open) return `Answer ${open > 1 ? `the ${open} checks` : "the check"} above to post.`;
    return "";
  }

  clear() {
    this.ticked.clear();
    this.render([]);
  }
}

/**
 * A post the server refused (in the outbox): each problem once; questions to answer and resend, when nothing
 * must change. Returns {box, boxes} so the caller can wire "Confirm and send".
 * @param {{findings?: Finding[], message?: string, confirmations?: string[]}} entry
 * @param {FindingsView} view for the answers' wording
 */
export function refusedProblems(entry, view) {
  const box = el("div");
  const findings = entry.findings || [];
  const blocks = findings.filter((f) => f.severity === "block");
  const confirms = blocks.length ? [] : findings.filter((f) => f.severity === "confirm");
  if (!findings.length) box.append(el("p", { className: "error", textContent: entry.message }));
  blocks.forEach((f) => box.append(el("p", { className: "error", textContent: f.message })));
  const boxes = confirms.map((f) => el("input", { type: "checkbox", value: f.rule, checked: (entry.confirmations || []).includes(f.rule) }));
  confirms.forEach((f, i) => box.append(el("p", { className: "question", textContent: questionText(f) }),
    el("label", { className: "check" }, boxes[i], view.answer(f))));
  return { box, boxes };
}
