// Two-way binding between form controls and a plain object: a control's name is the path of
// its value in the object ("detainees.3.outcome"), so one handler serves every field.
const LIST_FIELDS = new Set(["visitor_ids", "trainee_ids"]);
const isList = (name) => LIST_FIELDS.has(name) || name.endsWith(".exceptions");

export function getPath(object, path) {
  return path.split(".").reduce((target, key) => (target == null ? undefined : target[key]), object);
}

export function setPath(object, path, value) {
  const keys = path.split(".");
  let target = object;
  for (const key of keys.slice(0, -1)) {
    if (target[key] == null) target[key] = {};
    target = target[key];
  }
  target[keys[keys.length - 1]] = value;
}

const byName = (form, name) => form.querySelectorAll(`[name="${CSS.escape(name)}"]`);

/** The value a control stands for in the object. */
export function readControl(form, control) {
  if (control.type === "checkbox" && isList(control.name)) {
    return [...byName(form, control.name)].filter((box) => box.checked).map((box) => box.value);
  }
  if (control.type === "checkbox") return control.checked;
  if (control.type === "radio") {
    const chosen = [...byName(form, control.name)].find((radio) => radio.checked);
    return chosen ? chosen.value : "";
  }
  return control.value;
}

function writeControl(control, value) {
  if (control.type === "checkbox" && isList(control.name)) {
    control.checked = Array.isArray(value) && value.includes(control.value);
  } else if (control.type === "checkbox") {
    control.checked = Boolean(value);
  } else if (control.type === "radio") {
    control.checked = control.value === value;
  } else if (control.tagName === "SELECT" && (value === undefined || value === "")) {
    control.selectedIndex = 0;
  } else {
    control.value = value ?? "";
  }
}

/** Show the object's values in every named control inside `root`. */
export function writeControls(root, object) {
  for (const control of root.querySelectorAll("[name]")) {
    writeControl(control, getPath(object, control.name));
  }
}
