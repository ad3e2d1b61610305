// Forms generated from the API's JSON Schema, so fields, choices, limits and help text are
// written once, in the pydantic model. Server errors are shown next to the field they name.

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
function resolve(prop, components) {
  if (prop.$ref) return { ...components[prop.$ref.split("/").pop()], ...prop, $ref: undefined };
  if (prop.anyOf) {
    const real = prop.anyOf.find((p) => p.type !== "null");
    return { ...resolve(real, components), ...prop, anyOf: undefined };
  }
  return prop;
}

// "in_person" → "In person": enum values read as words.
const humane = (value) => String(value).replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

function describedBy(name, help) {
  return [help && `mk-${name}-help`, `mk-${name}-error`].filter(Boolean).join(" ");
}

function helpAndError(name, help) {
  const error = el("p", { class: "mk-error", id: `mk-${name}-error`, hidden: true });
  return help ? [el("p", { class: "mk-help", id: `mk-${name}-help`, text: help }), error] : [error];
}

function field(name, prop, { required, choices, value }) {
  const label = prop.title || name;
  const help = prop.description;
  const id = `mk-${name}`;
  const wrap = el("div", { class: "mk-field", "data-field": name, "data-roles": prop["x-roles"]?.join(" ") });
  const options = choices[prop["x-choices"]] ?? prop.items?.enum;

  if (prop["x-widget"] === "program-questions") {
    const questions = choices.questions ?? [];
    if (!questions.length) return null;
    const box = el("fieldset", { id }, el("legend", { text: label }));
    questions.forEach((q, i) =>
      box.append(el("label", { for: `${id}-${i}`, class: "mk-sublabel", text: q.label }),
        el("input", { type: "text", id: `${id}-${i}`, name: `${name}.${q.id}`, "data-key": q.id,
          required: q.required, maxlength: q.maxLength, value: value?.[q.id] ?? "" })));
    wrap.append(box, ...helpAndError(name, help));
  } else if (prop.type === "array" && options?.length) {
    const chosen = new Set(value ?? []);
    const box = el("fieldset", { id, "aria-describedby": describedBy(name, help) }, el("legend", { text: label }));
    options.forEach((option, i) =>
      box.append(el("label", { class: "mk-choice" },
        el("input", { type: "checkbox", name, value: option, id: `${id}-${i}`, checked: chosen.has(option) }),
        ` ${option}`)));
    wrap.append(box, ...helpAndError(name, help));
  } else if (prop.type === "array" && (prop.maxItems ?? 99) <= 5) {
    const box = el("fieldset", { id, "aria-describedby": describedBy(name, help) }, el("legend", { text: label }));
    for (let i = 0; i < prop.maxItems; i++) {
      box.append(el("label", { for: `${id}-${i}`, class: "mk-sublabel", text: `${prop["x-item"] ?? label} ${i + 1}` }),
        el("input", { type: "text", name, id: `${id}-${i}`, maxlength: prop.items?.maxLength,
          value: value?.[i] ?? "" }));
    }
    wrap.append(box, ...helpAndError(name, help));
  } else if (prop.type === "array") {
    wrap.append(el("label", { for: id, text: label }),
      el("input", { type: "text", id, name, "data-list": true, required: required && (prop.minItems ?? 0) > 0,
        value: (value ?? []).join(", "), "aria-describedby": describedBy(name, help) }),
      ...helpAndError(name, `${help ? `${help} ` : ""}Separate with commas.`));
  } else if (prop.enum) {
    const select = el("select", { id, name, required, "aria-describedby": describedBy(name, help) });
    for (const option of prop.enum) {
      select.append(el("option", { value: option, selected: (value ?? prop.default) === option, text: humane(option) }));
    }
    wrap.append(el("label", { for: id, text: label }), select, ...helpAndError(name, help));
  } else if (prop.type === "boolean") {
    wrap.append(el("label", { class: "mk-choice", for: id },
      el("input", { type: "checkbox", id, name, required: prop.const === true, checked: value === true,
        "aria-describedby": describedBy(name, help) }), ` ${label}`), ...helpAndError(name, help));
  } else {
    const numeric = prop.type === "integer" || prop.type === "number";
    wrap.append(el("label", { for: id, text: label }),
      el("input", { id, name, type: numeric ? "number" : prop.format === "email" ? "email" : "text",
        required, min: prop.minimum, max: prop.maximum, step: prop.type === "integer" ? 1 : undefined,
        maxlength: prop.maxLength, inputmode: numeric ? "numeric" : undefined,
        value: value ?? prop.default ?? "", "aria-describedby": describedBy(name, help) }),
      ...helpAndError(name, help));
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

export function renderFields(container, schema, components, { choices = {}, values = {} } = {}) {
  container.replaceChildren();
  const required = new Set(schema.required ?? []);
  for (const [name, raw] of Object.entries(schema.properties)) {
    const prop = resolve(raw, components);
    const node = field(name, prop, { required: required.has(name), choices, value: values[name] });
    if (node) container.append(node);
  }
  followRole(container);
}

export function readFields(form, schema, components) {
  const data = {};
  for (const [name, raw] of Object.entries(schema.properties)) {
    const prop = resolve(raw, components);
    const box = form.querySelector(`[data-field="${name}"]`);
    if (!box || box.hidden) continue;
    const inputs = [...box.querySelectorAll("[name]")];
    if (prop["x-widget"] === "program-questions") {
      data[name] = Object.fromEntries(inputs.filter((i) => i.value.trim()).map((i) => [i.dataset.key, i.value.trim()]));
    } else if (prop.type === "array") {
      const list = inputs[0]?.dataset.list !== undefined
        ? inputs[0].value.split(",")
        : inputs.filter((i) => i.type !== "checkbox" || i.checked).map((i) => i.value);
      data[name] = list.map((v) => v.trim()).filter(Boolean);
    } else if (prop.type === "boolean") {
      data[name] = inputs[0].checked;
    } else if (prop.type === "integer" || prop.type === "number") {
      if (inputs[0].value !== "") data[name] = Number(inputs[0].value);
    } else if (inputs[0].value.trim() !== "") {
      data[name] = inputs[0].value.trim();
    }
  }
  return data;
}

export function clearErrors(form) {
  for (const node of form.querySelectorAll(".mk-error")) {
    node.hidden = true;
    node.textContent = "";
  }
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
}

// Show each problem next to its field; returns false when a problem names no field on the form.
export function showErrors(form, problems) {
  let first = null;
  let placed = true;
  for (const { field, message } of problems) {
    const name = String(field ?? "").split(/[.[]/)[0];
    const box = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (!box) {
      placed = false;
      continue;
    }
    const error = box.querySelector(".mk-error");
    error.textContent = message;
    error.hidden = false;
    const input = box.querySelector("input, select, fieldset");
    input.setAttribute("aria-invalid", "true");
    first ??= input;
  }
  first?.focus();
  return placed;
}
