// The survey page: the surveys open for you, and a survey's form rendered from its file
// (GET /api/surveys/{surveyId}); answers are checked again by the API against the same file.
import { api, ApiError } from "./api.js";
import { currentUser, signIn } from "./auth.js";
import { el } from "./dom.js";

const root = document.querySelector("[data-mk-survey]");
const params = new URLSearchParams(location.search);
const RANGES = { scale5: [1, 5], scale10: [0, 10] };

function button(text, primary = false) {
  return el("button", { type: "button", className: `md-button${primary ? " md-button--primary" : ""}`, textContent: text });
}

// One question → one field box holding its inputs, help and error (named by the question id).
function field(q) {
  const id = `mk-q-${q.id}`;
  const box = el("div", { className: "mk-field" });
  box.dataset.question = q.id;
  const help = q.help ? el("p", { className: "mk-help", id: `${id}-help`, textContent: q.help }) : null;
  const error = el("p", { className: "mk-error", id: `${id}-error`, hidden: true });
  const label = `${q.label}${q.required ? "" : " (optional)"}`;
  const describedBy = [help && help.id, error.id].filter(Boolean).join(" ");
  if (q.type in RANGES || q.type === "single" || q.type === "multiple") {
    const choices = q.type in RANGES
      ? Array.from({ length: RANGES[q.type][1] - RANGES[q.type][0] + 1 }, (_, i) => {
        const n = RANGES[q.type][0] + i;
        return { value: String(n), label: String(n) };
      })
      : q.choices;
    const set = el("fieldset", { className: q.type in RANGES ? "mk-scale" : "" }, el("legend", { textContent: label }));
    set.setAttribute("aria-describedby", describedBy);
    if (q.type in RANGES && (q.lowLabel || q.highLabel)) {
      set.append(el("p", { className: "mk-help", textContent: `${RANGES[q.type][0]} = ${q.lowLabel || "lowest"}, ${
        RANGES[q.type][1]} = ${q.highLabel || "highest"}` }));
    }
    choices.forEach((choice, i) => set.append(el("label", { className: "mk-choice", htmlFor: `${id}-${i}` },
      el("input", { type: q.type === "multiple" ? "checkbox" : "radio", name: q.id, id: `${id}-${i}`,
        value: choice.value }), ` ${choice.label}`)));
    box.append(set);
  } else {
    const attrs = { id, name: q.id, required: q.required };
    const input = q.type === "long_text"
      ? el("textarea", { ...attrs, rows: 4, maxLength: q.maxLength ?? 2000 })
      : el("input", { ...attrs, type: q.type === "number" ? "number" : "text" });
    if (q.type === "short_text") input.maxLength = q.maxLength ?? 200;
    if (q.type === "number") {
      if (q.min !== null && q.min !== undefined) input.min = q.min;
      if (q.max !== null && q.max !== undefined) input.max = q.max;
      input.step = "any";
      input.inputMode = "decimal";
    }
    input.setAttribute("aria-describedby", describedBy);
    box.append(el("label", { htmlFor: id, textContent: label }), input);
  }
  box.append(...[help, error].filter(Boolean));
  return box;
}

function read(form, q) {
  const inputs = [...form.querySelectorAll(`[name="${CSS.escape(q.id)}"]`)];
  if (q.type === "multiple") return inputs.filter((i) => i.checked).map((i) => i.value);
  if (q.type in RANGES) {
    const chosen = inputs.find((i) => i.checked);
    return chosen ? Number(chosen.value) : null;
  }
  if (q.type === "single") return inputs.find((i) => i.checked)?.value ?? null;
  const value = inputs[0].value.trim();
  if (q.type === "number") return value === "" ? null : Number(value);
  return value || null;
}

function showErrors(form, details) {
  let first = null;
  for (const { field: name, message } of details) {
    const box = form.querySelector(`[data-question="${CSS.escape(String(name).replace(/^answers\./, ""))}"]`);
    if (!box) continue;
    const error = box.querySelector(".mk-error");
    error.textContent = message;
    error.hidden = false;
    const input = box.querySelector("input, textarea");
    input.setAttribute("aria-invalid", "true");
    first ??= input;
  }
  first?.focus();
}

async function showSurvey(programId, surveyId) {
  const survey = await api(`/surveys/${encodeURIComponent(surveyId)}`);
  const status = el("p", { className: "mk-status", role: "status" });
  const form = el("form", { className: "mk-survey", noValidate: true },
    ...survey.questions.map(field),
    el("p", {}, el("button", { type: "submit", className: "md-button md-button--primary", textContent: "Send my answers" })),
    status);
  const key = crypto.randomUUID();   // one submission, however often it is retried
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const node of form.querySelectorAll(".mk-error")) node.hidden = true;
    for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
    const answers = {};
    for (const q of survey.questions) {
      const value = read(form, q);
      if (value !== null && !(Array.isArray(value) && !value.length)) answers[q.id] = value;
    }
    status.textContent = "Sending…";
    try {
      await api(`/surveys/${encodeURIComponent(surveyId)}/responses`,
        { method: "POST", body: { programId, answers }, idempotencyKey: key });
      root.replaceChildren(el("h2", { textContent: "Thank you" }),
        el("p", { className: "mk-confirmation", role: "status", textContent: survey.anonymous
          ? "Your answers were recorded anonymously."
          : survey.repeat === "update"
            ? "Your answers were recorded. You can change them until the survey closes."
            : "Your answers were recorded." }),
        el("p", {}, el("a", { href: location.pathname, textContent: "Back to your surveys" })));
    } catch (error) {
      const marked = error instanceof ApiError && error.details.length;
      status.textContent = marked
        ? `${error.details.length === 1 ? "One answer needs" : `${error.details.length} answers need`} attention: see the marked questions.`
        : error instanceof ApiError ? error.message : "The server could not be reached. Try again.";
      if (marked) showErrors(form, error.details);
    }
  });
  root.replaceChildren(el("h2", { textContent: survey.title }),
    el("p", { textContent: survey.description }),
    el("p", { className: "mk-help", textContent: survey.anonymous
      ? "Anonymous: your answers are stored without your name."
      : "Named: your coordinator sees your answers." }),
    form);
}

async function listSurveys() {
  const open = await api("/me/surveys");
  if (!open.length) {
    root.replaceChildren(el("p", { textContent: "No survey is open for you right now. Your coordinator e-mails you when one opens." }));
    return;
  }
  const items = open.map((s) => el("li", {},
    el("a", { href: `?program=${encodeURIComponent(s.programId)}&survey=${encodeURIComponent(s.surveyId)}`,
      textContent: s.title }),
    ` — ${s.programName}, open until ${new Date(s.closesAt).toLocaleDateString()}${s.answered ? " (answered)" : ""}`));
  root.replaceChildren(el("h2", { textContent: "Open for you" }), el("ul", {}, ...items));
}

async function start() {
  if (!currentUser()) {
    const signInButton = button("Sign in", true);
    signInButton.addEventListener("click", () => signIn());
    root.replaceChildren(el("p", { textContent: "Sign in to answer your program's surveys." }), signInButton);
    return;
  }
  const programId = params.get("program");
  const surveyId = params.get("survey");
  try {
    if (programId && surveyId) await showSurvey(programId, surveyId);
    else await listSurveys();
  } catch (error) {
    root.replaceChildren(el("p", { className: "mk-error",
      textContent: error instanceof ApiError ? error.message : "The server could not be reached. Reload to try again." }));
  }
}

start();
