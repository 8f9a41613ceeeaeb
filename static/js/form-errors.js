// GOV.UK error summary and inline errors for errors keyed by JSON path
// ({"detainees.1.unavailable_reason": ["Choose why person 2 was unavailable"]}).
import { gettext } from "./i18n.js";
import { ErrorSummary } from "../vendor/govuk/govuk-frontend.min.js";

const ERROR_CLASSES = { INPUT: "govuk-input--error", SELECT: "govuk-select--error",
  TEXTAREA: "govuk-textarea--error" }; // prettier-ignore

/** The form group that shows a path's error: the path's own, or its nearest parent's. */
function groupFor(form, path) {
  const keys = path.split(".");
  while (keys.length) {
    const group = form.querySelector(`[data-field="${CSS.escape(keys.join("."))}"]`);
    if (group && !group.closest("[hidden]")) return group;
    keys.pop();
  }
  return null;
}

export function clearErrors(form, summarySlot) {
  summarySlot.replaceChildren();
  for (const message of form.querySelectorAll(".govuk-error-message[data-app-error]")) message.remove();
  for (const group of form.querySelectorAll(".govuk-form-group--error")) {
    group.classList.remove("govuk-form-group--error");
  }
  for (const [tag, name] of Object.entries(ERROR_CLASSES)) {
    for (const control of form.querySelectorAll(`${tag.toLowerCase()}.${name}`)) {
      control.classList.remove(name);
      const ids = (control.getAttribute("aria-describedby") || "").split(" ");
      const kept = ids.filter((id) => id && !id.endsWith("-error")).join(" ");
      if (kept) control.setAttribute("aria-describedby", kept);
      else control.removeAttribute("aria-describedby");
    }
  }
}

function showInline(group, messages, key) {
  const control = group.querySelector("input, select, textarea");
  const id = `${control ? control.id : `e-${key.replaceAll(".", "-")}`}-error`;
  const message = document.createElement("p");
  message.className = "govuk-error-message";
  message.id = id;
  message.dataset.appError = "";
  for (const text of messages) {
    const line = document.createElement("span");
    line.className = "app-error-line";
    line.innerHTML = `<span class="govuk-visually-hidden">${gettext("Error:")}</span> `;
    line.append(text);
    message.append(line);
  }
  const anchor = group.querySelector(":scope > .govuk-hint, :scope > fieldset > .govuk-hint") ||
    group.querySelector(":scope > label, :scope > fieldset > legend"); // prettier-ignore
  if (anchor) anchor.after(message);
  else group.prepend(message);
  group.classList.add("govuk-form-group--error");
  for (const field of group.querySelectorAll("input, select, textarea")) {
    if (ERROR_CLASSES[field.tagName] && !field.classList.contains("govuk-radios__input") &&
        !field.classList.contains("govuk-checkboxes__input")) field.classList.add(ERROR_CLASSES[field.tagName]); // prettier-ignore
  }
  if (control) {
    const described = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    control.setAttribute("aria-describedby", [...described, id].join(" "));
  }
  group.closest("details")?.setAttribute("open", "");
}

/** Show every error inline and in a summary at the top, in the order of the form. */
export function showErrors(form, summarySlot, errors) {
  clearErrors(form, summarySlot);
  const groups = [...form.querySelectorAll("[data-field]")];
  const entries = Object.entries(errors).map(([key, messages]) => {
    const group = groupFor(form, key);
    return { key, messages, group, order: group ? groups.indexOf(group) : -1 };
  });
  entries.sort((a, b) => a.order - b.order);
  const shown = new Map();
  for (const entry of entries) {
    if (!entry.group) continue;
    shown.set(entry.group, [...(shown.get(entry.group) || []), ...entry.messages]);
  }
  for (const [group, messages] of shown) showInline(group, [...new Set(messages)], group.dataset.field);
  const summary = document.createElement("div");
  summary.className = "govuk-error-summary";
  summary.innerHTML = `<div role="alert"><h2 class="govuk-error-summary__title">${gettext("There is a problem")}</h2>
    <div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list"></ul></div></div>`;
  const list = summary.querySelector("ul");
  const seen = new Set();
  for (const { messages, group } of entries) {
    const target = group?.querySelector("input, select, textarea");
    for (const text of messages) {
      if (seen.has(`${target?.id}|${text}`)) continue;
      seen.add(`${target?.id}|${text}`);
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = `#${target ? target.id : form.id}`;
      link.textContent = text;
      item.append(link);
      list.append(item);
    }
  }
  summarySlot.append(summary);
  new ErrorSummary(summary); // focuses the summary; its links move focus to the field
  const error = `${gettext("Error:")} `;
  if (!document.title.startsWith(error)) document.title = `${error}${document.title}`;
}
