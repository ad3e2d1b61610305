// Forms generated from the API's JSON Schema, so fields, choices, limits and help text are
// written once, in the pydantic model. Problems are checked in the page first and told in
// words a person uses; the server's own errors are shown next to the field they name.

// Attributes, not properties: form fields need aria-* and data-* set as written.
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === undefined || value === null) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.filter(Boolean));
  return node;
};

// Resolve a `$ref` / `anyOf: [X, null]` wrapper to the schema that describes the input.
export function resolve(prop, components) {
  if (prop.$ref) return { ...components[prop.$ref.split("/").pop()], ...prop, $ref: undefined };
  if (prop.anyOf) {
    const real = prop.anyOf.find((p) => p.type !== "null");
    return { ...resolve(real, components), ...prop, anyOf: undefined };
  }
  return prop;
}

// "in_person" → "In person": enum values read as words.
export const humane = (value) => String(value).replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

const idOf = (name) => `mk-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
const isObject = (prop) => prop.type === "object" && prop.properties;
const isEmail = (prop) => prop.format === "email" || prop.items?.format === "email";

function describedBy(name, help) {
  return [help && `${idOf(name)}-help`, `${idOf(name)}-error`].filter(Boolean).join(" ");
}

function helpAndError(name, help, link) {
  const error = el("p", { class: "mk-error", id: `${idOf(name)}-error`, hidden: true });
  if (!help) return [error];
  const text = el("p", { class: "mk-help", id: `${idOf(name)}-help`, text: help });
  if (link) text.append(" ", el("a", { href: new URL(`/${link}`, location.origin).href, text: "Read the privacy notice" }), ".");
  return [text, error];
}

// A label, with a visible mark when the field must be filled in (the input carries `required`).
// The mark sits beside a label, not in it, so the field's name stays its title.
function labelFor(id, text, required, tag = "label") {
  const mark = required && el("span", { class: "mk-required", "aria-hidden": "true", text: "*" });
  if (tag !== "label") return el(tag, {}, text, mark && " ", mark);
  const label = el("label", { for: id }, text);
  return mark ? el("div", { class: "mk-label" }, label, " ", mark) : label;
}

const mustFill = (prop, required) => required && (prop.type !== "array" || (prop.minItems ?? 0) > 0);

let zoneList = null;
// Every IANA time zone the browser knows, once per page, for a searchable `<input list>`.
function timeZones() {
  if (zoneList) return zoneList;
  zoneList = el("datalist", { id: "mk-time-zones" });
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  for (const zone of zones) zoneList.append(el("option", { value: zone }));
  return zoneList;
}

function objectField(name, prop, components, value) {
  const box = el("fieldset", { id: idOf(name), "aria-describedby": describedBy(name, prop.description) },
    el("legend", { text: prop.title || name }));
  const required = new Set(prop.required ?? []);
  for (const [key, raw] of Object.entries(prop.properties)) {
    const sub = resolve(raw, components);
    box.append(el("div", { class: "mk-field mk-field--nested" },
      ...input(`${name}.${key}`, sub, { required: required.has(key), value: value?.[key], components })));
  }
  return box;
}

// A repeatable group (e.g. a program's questions): one fieldset per item, add and remove buttons.
function listOfObjects(name, prop, components, values) {
  const itemSchema = resolve(prop.items, components);
  const label = itemSchema.title || "Item";
  const list = el("div", { class: "mk-items" });
  const add = el("button", { type: "button", class: "md-button", text: `Add a ${label.toLowerCase()}` });
  const renumber = () => list.querySelectorAll(":scope > fieldset > legend").forEach((legend, i) => {
    legend.textContent = `${label} ${i + 1}`;
  });
  let counter = 0;
  const addItem = (value) => {
    const key = `${name}.${counter++}`;
    const item = objectField(key, { ...itemSchema, title: label }, components, value);
    item.dataset.item = key;
    const remove = el("button", { type: "button", class: "md-button mk-remove", text: "Remove" });
    remove.addEventListener("click", () => {
      item.remove();
      renumber();
      add.focus();
    });
    item.append(remove);
    list.append(item);
    renumber();
    remove.setAttribute("aria-label", `Remove ${item.querySelector("legend").textContent.toLowerCase()}`);
    return item;
  };
  add.addEventListener("click", () => addItem({}).querySelector("input, select, textarea")?.focus());
  (values ?? []).forEach(addItem);
  if (prop.maxItems) list.dataset.max = prop.maxItems;
  return el("fieldset", { id: idOf(name), "aria-describedby": describedBy(name, prop.description) },
    el("legend", { text: prop.title || name }), list, add);
}

// The label, control, help and error for one scalar (or list-as-text) property; `name` may be a
// path such as "weights.skills".
function input(name, prop, { required, value, components }) {
  const id = idOf(name);
  let help = prop.description;
  const fill = mustFill(prop, required);
  const title = prop.title || name;
  const common = { id, name, required: fill, "aria-describedby": describedBy(name, help) };
  let nodes;
  if (prop.enum) {
    const select = el("select", common);
    for (const option of prop.enum) {
      select.append(el("option", { value: option, selected: (value ?? prop.default) === option, text: humane(option) }));
    }
    nodes = [labelFor(id, title, fill), select];
  } else if (prop.type === "boolean") {
    const label = el("label", { class: "mk-choice", for: id },
      el("input", { ...common, type: "checkbox", required: prop.const === true, checked: (value ?? prop.default) === true }),
      ` ${title}`);
    if (prop.const === true) label.append(" ", el("span", { class: "mk-required", "aria-hidden": "true", text: "*" }));
    nodes = [label];
  } else if (prop["x-widget"] === "textarea") {
    nodes = [labelFor(id, title, fill), el("textarea", { ...common, rows: 4, maxlength: prop.maxLength }, value ?? prop.default ?? "")];
  } else if (prop.type === "string" && prop.format === "date-time") {
    nodes = [labelFor(id, title, fill),
      el("input", { ...common, type: "datetime-local", "data-datetime": true, value: localDateTime(value) })];
  } else if (prop.type === "array") {
    help = `${help ? `${help} ` : ""}Separate with commas.`;
    nodes = [labelFor(id, title, fill), el("input", { ...common, "aria-describedby": describedBy(name, help),
      type: "text", "data-list": true, value: (value ?? []).join(", ") })];
  } else {
    const numeric = prop.type === "integer" || prop.type === "number";
    const zone = prop["x-widget"] === "time-zone";
    nodes = [labelFor(id, title, fill),
      el("input", { ...common, type: numeric ? "number" : prop.format === "email" ? "email" : "text",
        min: prop.minimum, max: prop.maximum, step: prop.type === "integer" ? 1 : numeric ? "any" : undefined,
        maxlength: prop.maxLength, inputmode: numeric ? "decimal" : undefined, list: zone ? "mk-time-zones" : undefined,
        autocomplete: zone ? "off" : name === "name" ? "name" : undefined,
        value: value ?? prop.default ?? "" })];
    if (zone) nodes.push(timeZones());
  }
  return [...nodes, ...helpAndError(name, help, prop["x-link"])];
}

// The value for a datetime-local input: the moment in the reader's own time zone.
function localDateTime(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function field(name, prop, { required, choices, value, components }) {
  const label = prop.title || name;
  const help = prop.description;
  const id = idOf(name);
  const wrap = el("div", { class: "mk-field", "data-field": name, "data-roles": prop["x-roles"]?.join(" ") });
  const options = choices[prop["x-choices"]] ?? prop.items?.enum;

  if (prop["x-widget"] === "program-questions") {
    const questions = choices.questions ?? [];
    if (!questions.length) return null;
    const box = el("fieldset", { id }, el("legend", { text: label }));
    questions.forEach((q, i) =>
      box.append(labelFor(`${id}-${i}`, q.label, q.required), el("input", { type: "text", id: `${id}-${i}`,
        name: `${name}.${q.id}`, "data-key": q.id, required: q.required, maxlength: q.maxLength,
        value: value?.[q.id] ?? "" })));
    box.querySelectorAll("label").forEach((l) => l.classList.add("mk-sublabel"));
    wrap.append(box, ...helpAndError(name, help));
  } else if (prop.type === "array" && options?.length) {
    const chosen = new Set(value ?? []);
    const box = el("fieldset", { id, "aria-describedby": describedBy(name, help) },
      labelFor(id, label, mustFill(prop, required), "legend"));
    options.forEach((option, i) =>
      box.append(el("label", { class: "mk-choice" },
        el("input", { type: "checkbox", name, value: option, id: `${id}-${i}`, checked: chosen.has(option) }),
        ` ${option}`)));
    wrap.append(box, ...helpAndError(name, help));
  } else if (prop.type === "array" && isObject(resolve(prop.items ?? {}, components))) {
    wrap.append(listOfObjects(name, prop, components, value), ...helpAndError(name, help));
  } else if (isObject(prop)) {
    wrap.append(objectField(name, prop, components, value), ...helpAndError(name, help));
  } else if (prop.type === "array" && (prop.maxItems ?? 99) <= 5) {
    const box = el("fieldset", { id, "aria-describedby": describedBy(name, help) },
      labelFor(id, label, mustFill(prop, required), "legend"));
    for (let i = 0; i < prop.maxItems; i++) {
      box.append(el("label", { for: `${id}-${i}`, class: "mk-sublabel", text: `${prop["x-item"] ?? label} ${i + 1}` }),
        el("input", { type: "text", name, id: `${id}-${i}`, maxlength: prop.items?.maxLength,
          value: value?.[i] ?? "" }));
    }
    wrap.append(box, ...helpAndError(name, help));
  } else {
    wrap.append(...input(name, prop, { required, value, components }));
  }
  return wrap;
}

// Fields marked with `x-roles` show only for those roles, following the form's `role` choice.
function followRole(container) {
  const role = container.querySelector('[name="role"]');
  if (!role) return;
  const apply = () => {
    for (const box of container.querySelectorAll("[data-roles]")) {
      box.hidden = !box.dataset.roles.split(" ").includes(role.value);
    }
  };
  role.addEventListener("change", apply);
  apply();
}

// `only`: the property names to render, in the schema's order (all when absent).
export function renderFields(container, schema, components, { choices = {}, values = {}, only } = {}) {
  container.replaceChildren();
  const required = new Set(schema.required ?? []);
  for (const [name, raw] of Object.entries(schema.properties)) {
    if (only && !only.includes(name)) continue;
    const prop = resolve(raw, components);
    const node = field(name, prop, { required: required.has(name), choices, value: values[name], components });
    if (node) container.append(node);
  }
  followRole(container);
  clearWhenFixed(container, schema, components);
}

function readScalar(node, prop) {
  if (!node) return undefined;
  if (prop.type === "boolean") return node.checked;
  if (node.dataset.datetime !== undefined) return node.value ? new Date(node.value).toISOString() : undefined;
  if (prop.type === "array") return node.value.split(",").map((v) => v.trim()).filter(Boolean);
  if (prop.type === "integer" || prop.type === "number") return node.value === "" ? undefined : Number(node.value);
  return node.value.trim() === "" ? undefined : node.value.trim();
}

function readObject(scope, prefix, prop, components) {
  const out = {};
  for (const [key, raw] of Object.entries(prop.properties)) {
    const sub = resolve(raw, components);
    const value = readScalar(scope.querySelector(`[name="${CSS.escape(`${prefix}.${key}`)}"]`), sub);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function readOne(box, name, prop, components) {
  const inputs = [...box.querySelectorAll("[name]")];
  if (prop["x-widget"] === "program-questions") {
    return Object.fromEntries(inputs.filter((i) => i.value.trim()).map((i) => [i.dataset.key, i.value.trim()]));
  }
  if (prop.type === "array" && isObject(resolve(prop.items ?? {}, components))) {
    const itemSchema = resolve(prop.items, components);
    return [...box.querySelectorAll("[data-item]")].map((item) => readObject(item, item.dataset.item, itemSchema, components));
  }
  if (isObject(prop)) return readObject(box, name, prop, components);
  if (prop.type === "array" && inputs[0]?.dataset.list === undefined) {
    return inputs.filter((i) => i.type !== "checkbox" || i.checked).map((i) => i.value.trim()).filter(Boolean);
  }
  return readScalar(inputs[0], prop);
}

export function readFields(form, schema, components, { only } = {}) {
  const data = {};
  for (const [name, raw] of Object.entries(schema.properties)) {
    if (only && !only.includes(name)) continue;
    const prop = resolve(raw, components);
    const box = form.querySelector(`[data-field="${name}"]`);
    if (!box || box.hidden) continue;
    const value = readOne(box, name, prop, components);
    if (value !== undefined) data[name] = value;
  }
  return data;
}

// What to say when a field is left empty: the model's own words (`x-missing`), or plain ones.
function missing(prop) {
  if (prop["x-missing"]) return prop["x-missing"];
  const title = (prop.title || "this").toLowerCase();
  if (prop.enum || prop.type === "array") return `Choose ${prop.type === "array" ? "at least one" : "an answer for"} ${title}.`;
  return `Fill in ${title}.`;
}

const sentence = (text) => `${text.replace(/^./, (c) => c.toUpperCase())}${/[.!?]$/.test(text) ? "" : "."}`;

// The problems with one field's value, in words; empty when it is fine. Rules that need the
// server's knowledge (which time zones exist, the program's skills) stay the server's.
function check(prop, value, required, box) {
  const empty = value === undefined || value === "" || (Array.isArray(value) && !value.length) || value === false;
  if (empty) return mustFill(prop, required) || prop.const === true ? [missing(prop)] : [];
  const problems = [];
  const numeric = prop.type === "integer" || prop.type === "number";
  if (numeric && (Number.isNaN(value) || (prop.type === "integer" && !Number.isInteger(value)))) {
    problems.push(`Use a whole number${prop.minimum !== undefined ? ` from ${prop.minimum} to ${prop.maximum}` : ""}.`);
  } else if (numeric && (value < (prop.minimum ?? -Infinity) || value > (prop.maximum ?? Infinity))) {
    problems.push(`Use a number from ${prop.minimum} to ${prop.maximum}.`);
  }
  if (typeof value === "string" && prop.maxLength && value.length > prop.maxLength) {
    problems.push(`Keep this to ${prop.maxLength} characters or fewer.`);
  }
  if (Array.isArray(value) && prop.maxItems && value.length > prop.maxItems) {
    problems.push(`Choose at most ${prop.maxItems}.`);
  }
  const emails = isEmail(prop) ? [value].flat() : [];
  if (emails.some((e) => typeof e === "string" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e))) {
    problems.push("Enter an e-mail address such as name@example.org.");
  }
  return problems;
}

// Every problem on the form, checked in the page before anything is sent.
export function checkFields(form, schema, components, { only } = {}) {
  const required = new Set(schema.required ?? []);
  const problems = [];
  for (const [name, raw] of Object.entries(schema.properties)) {
    if (only && !only.includes(name)) continue;
    const prop = resolve(raw, components);
    const box = form.querySelector(`[data-field="${name}"]`);
    if (!box || box.hidden) continue;
    if (prop["x-widget"] === "program-questions") {
      for (const node of box.querySelectorAll("input[required]")) {
        if (!node.value.trim()) problems.push({ field: name, message: `Answer “${box.querySelector(`label[for="${node.id}"]`).firstChild.textContent}”.` });
      }
      continue;
    }
    if (isObject(prop) || (prop.type === "array" && isObject(resolve(prop.items ?? {}, components)))) continue;
    for (const message of check(prop, readOne(box, name, prop, components), required.has(name), box)) {
      problems.push({ field: name, message });
    }
  }
  return problems;
}

// The server's words, made into a person's: jargon from the validator becomes plain advice.
export function plainMessage(message, prop) {
  const text = String(message ?? "").replace(/^'?[\w.[\]]+'?: /, "");
  if (/is required|at least 1 item|should have at least 1|Field required/i.test(text)) return missing(prop ?? {});
  let m;
  if ((m = text.match(/less than or equal to ([\d.]+)/))) return `Use a number no bigger than ${m[1]}.`;
  if ((m = text.match(/greater than or equal to ([\d.]+)/))) return `Use a number no smaller than ${m[1]}.`;
  if ((m = text.match(/at most (\d+) characters?/))) return `Keep this to ${m[1]} characters or fewer.`;
  if ((m = text.match(/at most (\d+) items?/))) return `Choose at most ${m[1]}.`;
  if (/valid email|email address/i.test(text)) return "Enter an e-mail address such as name@example.org.";
  if (/valid integer|valid number/i.test(text)) return "Use a whole number.";
  if (/not a field of this form/.test(text)) return "This answer is not part of the form any more: reload the page.";
  return sentence(text);
}

export function clearErrors(form) {
  for (const node of form.querySelectorAll(".mk-error")) {
    node.hidden = true;
    node.textContent = "";
  }
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
}

function clearBox(box) {
  for (const node of box.querySelectorAll(".mk-error")) {
    node.hidden = true;
    node.textContent = "";
  }
  for (const node of box.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
}

// An error goes as soon as its field is fixed, not at the next submit.
function clearWhenFixed(container, schema, components) {
  const required = new Set(schema.required ?? []);
  const recheck = (event) => {
    const box = event.target.closest("[data-field]");
    if (!box || !box.querySelector(".mk-error:not([hidden])")) return;
    const name = box.dataset.field;
    const prop = resolve(schema.properties[name], components);
    const stillWrong = prop["x-widget"] === "program-questions"
      ? [...box.querySelectorAll("input[required]")].some((i) => !i.value.trim())
      : !isObject(prop) && check(prop, readOne(box, name, prop, components), required.has(name), box).length > 0;
    if (!stillWrong) clearBox(box);
  };
  container.addEventListener("input", recheck);
  container.addEventListener("change", recheck);
}

// Show each problem next to its field; returns false when a problem names no field on the form.
export function showErrors(form, problems, schema, components) {
  let first = null;
  let placed = true;
  const shown = new Set();
  for (const { field, message } of problems) {
    const name = String(field ?? "").split(/[.[]/)[0];
    const box = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (!box) {
      placed = false;
      continue;
    }
    if (shown.has(name)) continue;
    shown.add(name);
    const prop = schema?.properties?.[name] ? resolve(schema.properties[name], components) : null;
    const error = box.querySelector(".mk-error");
    error.textContent = plainMessage(message, prop);
    error.hidden = false;
    const input = box.querySelector("input, select, textarea, fieldset");
    input.setAttribute("aria-invalid", "true");
    first ??= input;
  }
  first?.focus();
  return placed;
}

// Answers in a form, kept as a plain object (e.g. across a sign-in) and put back later.
export function snapshot(form) {
  return [...form.querySelectorAll("[name]")].map((node) =>
    [node.name, node.type === "checkbox" ? node.checked : node.value, node.type === "checkbox" ? node.value : null]);
}

export function restore(form, saved) {
  const nodes = [...form.querySelectorAll("[name]")];
  const used = new Set();
  for (const [name, value, option] of saved) {
    // Several inputs share a name (three goals): each saved answer goes to the next one unused.
    const node = nodes.find((n) => !used.has(n) && n.name === name && (option === null || n.value === option));
    if (!node) continue;
    used.add(node);
    if (node.type === "checkbox") node.checked = value;
    else node.value = value;
    if (node.tagName === "SELECT") node.dispatchEvent(new Event("change", { bubbles: true }));
  }
}
