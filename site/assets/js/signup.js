// The sign-up page: choose a program, fill the form generated from the model, see and withdraw.
import { api, ApiError } from "./api.js";
import { currentUser, signIn } from "./auth.js";
import { checkFields, clearErrors, plainMessage, readFields, renderFields, resolve, restore, showErrors, snapshot }
  from "./schema-form.js";
import { el } from "./dom.js";
import { dateText } from "./dates.js";

const root = document.querySelector('[data-mk-form="signup"]');
const status = el("p", { className: "mk-status", role: "status" });
// Answers kept in this tab while the person signs in again, so an ended session loses nothing.
const DRAFT = (programId) => `mentorkit.signupDraft.${programId}`;

// The roles a program's format allows (the API refuses the others).
const ROLES = { peer: ["peer"], mixed: ["mentee", "mentor", "both", "peer"] };
const rolesFor = (format) => ROLES[format] ?? ["mentee", "mentor", "both"];

function keepDraft(programId, formNode) {
  sessionStorage.setItem(DRAFT(programId), JSON.stringify(snapshot(formNode)));
}

function takeDraft(programId) {
  const saved = sessionStorage.getItem(DRAFT(programId));
  sessionStorage.removeItem(DRAFT(programId));
  try {
    return saved ? JSON.parse(saved) : null;
  } catch {
    return null;
  }
}

function signInAgain(programId, formNode, submit) {
  keepDraft(programId, formNode);
  const again = el("button", { type: "button", className: "md-button md-button--primary",
    textContent: "Sign in again" });
  again.addEventListener("click", () => signIn());
  submit.replaceWith(again);
  status.textContent = "Your session has ended, so nothing was sent. Your answers are kept: sign in again "
    + "and they will be back on the form, ready to send.";
  again.focus();
}

function show(...nodes) {
  root.replaceChildren(...nodes, status);
}

async function chooseProgram() {
  const programs = await api("/programs");
  const now = Date.now();
  const open = programs.filter((p) => p.status === "open" && Date.parse(p.closesAt) > now);
  if (!open.length) return show(el("p", { textContent: "No program is open for sign-ups right now." }));
  const list = el("ul");
  for (const p of open) {
    const link = el("a", { href: `?program=${encodeURIComponent(p.programId)}`, textContent: p.name });
    list.append(el("li", {}, link, ` — sign-ups close ${dateText(p.closesAt)}`));
  }
  show(el("h2", { textContent: "Choose a program" }), list);
}

function confirmation(program, signup) {
  const edit = el("button", { type: "button", className: "md-button", textContent: "Change my answers" });
  const withdraw = el("button", { type: "button", className: "md-button", textContent: "Withdraw my sign-up" });
  edit.addEventListener("click", () => form(program, signup));
  // Someone in a live pair is asked first (the API answers 409): withdrawing ends the pair, with a reason.
  const reason = el("input", { type: "text", id: "mk-withdraw-reason", maxLength: 500 });
  const asking = el("div", { hidden: true, className: "mk-field" },
    el("label", { htmlFor: "mk-withdraw-reason", textContent: "Why are you leaving? (your partner and coordinator see it)" }),
    reason);
  const done = () => show(el("p", { className: "mk-confirmation",
    textContent: `Your sign-up for ${program.name} is withdrawn.` }), el("a", { href: "", textContent: "Sign up again" }));
  withdraw.addEventListener("click", async () => {
    withdraw.disabled = true;
    const query = asking.hidden ? "" : `?reason=${encodeURIComponent(reason.value)}`;
    try {
      await api(`/programs/${program.programId}/signup${query}`, { method: "DELETE" });
      done();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      withdraw.disabled = false;
      if (error.status !== 409) {
        status.textContent = error.message;
        return;
      }
      asking.hidden = false;
      asking.prepend(el("p", { role: "alert", textContent: error.message }));
      withdraw.textContent = "Yes, withdraw and end my mentoring relationship";
      reason.focus();
    }
  });
  const heading = el("h2", { tabIndex: -1, className: "mk-confirmation",
    textContent: `You're signed up for ${program.name} as a ${signup.role}.` });
  show(heading, el("p", { textContent: `We'll e-mail ${signup.email} when matches are published.` }),
    el("p", {}, edit, " ", withdraw), asking);
  heading.focus();
}

async function form(program, existing) {
  const openapi = await api("/openapi.json");
  const components = openapi.components.schemas;
  const base = components.SignupIn;
  const role = resolve(base.properties.role, components);
  const schema = { ...base, properties: { ...base.properties,
    role: { ...role, enum: role.enum.filter((r) => rolesFor(program.format).includes(r)) } } };
  const fields = el("div");
  const submit = el("button", { type: "submit", className: "md-button md-button--primary",
    textContent: existing?.createdAt && existing.status ? "Save changes" : "Sign up" });
  const formNode = el("form", { noValidate: true },
    el("p", { className: "mk-help", textContent: "Fields marked * must be filled in." }), fields, submit);
  formNode.setAttribute("aria-label", `Sign-up for ${program.name}`);
  const values = { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, ...(existing ?? {}) };
  const idempotencyKey = crypto.randomUUID();
  renderFields(fields, schema, components,
    { values, choices: { skills: program.skills, questions: program.questions } });
  const draft = takeDraft(program.programId);
  if (draft) {
    restore(formNode, draft);
    status.textContent = "Your answers are back. Check them and send the form again.";
  }
  formNode.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(formNode);
    const problems = checkFields(formNode, schema, components);
    if (problems.length) {
      showErrors(formNode, problems, schema, components);
      status.textContent = `Please correct the ${problems.length === 1 ? "highlighted field" : "highlighted fields"}.`;
      return;
    }
    status.textContent = "Saving…";
    submit.disabled = true;
    try {
      const saved = await api(`/programs/${program.programId}/signup`,
        { method: "PUT", body: readFields(formNode, schema, components), idempotencyKey });
      status.textContent = "";
      confirmation(program, saved);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 401) return signInAgain(program.programId, formNode, submit);
      const problems = error.details.length ? error.details : [{ field: error.field, message: error.message }];
      const placed = showErrors(formNode, problems, schema, components);
      status.textContent = placed ? "Please correct the highlighted fields." : plainMessage(error.message);
    } finally {
      submit.disabled = false;
    }
  });
  show(el("h2", { textContent: program.name }), el("p", { textContent: program.description }),
    el("p", { textContent: `Sign-ups are open until ${dateText(program.closesAt)}.` }), formNode);
}

async function main() {
  const programId = new URLSearchParams(location.search).get("program");
  if (!currentUser()) {
    const button = el("button", { type: "button", className: "md-button md-button--primary",
      textContent: "Sign in to sign up" });
    button.addEventListener("click", () => signIn());
    const kept = programId && sessionStorage.getItem(DRAFT(programId))
      ? "Your answers are kept: sign in again to send them." : "Sign in with your work account to see the programs that are open.";
    return show(el("p", { textContent: kept }), button);
  }
  if (!programId) return chooseProgram();
  const program = await api(`/programs/${encodeURIComponent(programId)}`);
  const existing = await api(`/programs/${programId}/signup`).catch((e) => {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  });
  if (existing?.status === "withdrawn") {
    status.textContent = "You withdrew from this program. Your answers are below if you want to sign up again.";
    return form(program, { ...existing, status: undefined });
  }
  return existing ? confirmation(program, existing) : form(program);
}

main().catch((error) => {
  show(el("p", { className: "mk-error", role: "alert", textContent: error.message }));
});
