// Programs: coordinators create and set up programs (the form comes from the API's ProgramIn and
// ProgramPatch models), close and archive them; employees see the open ones and which they joined.
import { api, ApiError } from "./api.js";
import { currentUser, signIn } from "./auth.js";
import { dateText } from "./dates.js";
import { el } from "./dom.js";
import { checkFields, clearErrors, humane, plainMessage, readFields, renderFields, showErrors } from "./schema-form.js";

const root = document.querySelector("[data-mk-programs]");
const status = el("p", { className: "mk-status", role: "status" });
const state = { showArchived: false, message: "" };
const RANK = { open: 0, closed: 1, archived: 2 };

// Open programs first, then closed, then archived; within each, the latest window first.
export const sorted = (programs) => [...programs].sort((a, b) => (RANK[a.status] - RANK[b.status])
  || (Date.parse(b.opensAt) - Date.parse(a.opensAt)) || a.name.localeCompare(b.name));

const formatText = (format) => humane(format).replace(/ to /g, "-to-");
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function button(text, onClick, primary = false) {
  const node = el("button", { type: "button", className: `md-button${primary ? " md-button--primary" : ""}`,
    textContent: text });
  node.addEventListener("click", onClick);
  return node;
}

function show(...nodes) {
  root.replaceChildren(...nodes, status);
}

// Coordinators -----------------------------------------------------------------------------
async function programList() {
  const message = state.message;
  state.message = "";
  const programs = sorted(await api("/programs"));
  const visible = programs.filter((p) => state.showArchived || p.status !== "archived");
  const archived = programs.length - programs.filter((p) => p.status !== "archived").length;
  const toggle = el("input", { type: "checkbox", id: "mk-show-archived", checked: state.showArchived });
  toggle.addEventListener("change", () => {
    state.showArchived = toggle.checked;
    programList();
  });
  const rows = [];
  for (const program of visible) {
    // One after the other: the local API emulator runs handlers in one process, like one sandbox.
    const signups = await api(`/programs/${encodeURIComponent(program.programId)}/signups?status=active`);
    const roles = Object.entries(signups.counts.role ?? {}).sort().map(([role, n]) => plural(n, role)).join(", ");
    const settings = button("Settings", () => settingsForm(program));
    settings.setAttribute("aria-label", `Settings of ${program.name}`);
    const id = encodeURIComponent(program.programId);
    rows.push(el("tr", {},
      el("th", { scope: "row", textContent: program.name }),
      el("td", { textContent: humane(program.status) }),
      el("td", { textContent: `${dateText(program.opensAt)} to ${dateText(program.closesAt)}` }),
      el("td", { textContent: `${signups.total}${roles ? ` (${roles})` : ""}` }),
      el("td", {}, settings, " ", el("a", { href: `../console/?program=${id}`, textContent: "Matching" }), " · ",
        el("a", { href: `../signups/?program=${id}`, textContent: "Sign-ups" }))));
  }
  const head = el("tr", {}, ...["Program", "Status", "Sign-ups open", "Active sign-ups", "Open"]
    .map((h) => el("th", { scope: "col", textContent: h })));
  const listing = rows.length
    ? el("div", { className: "md-typeset__scrollwrap" }, el("table", { className: "mk-table" },
      el("caption", { textContent: "Programs, open ones first" }), el("thead", {}, head), el("tbody", {}, ...rows)))
    : el("p", { textContent: "No program yet. Create the first one." });
  show(el("p", {}, button("New program", () => settingsForm(null), true)),
    el("p", {}, toggle, el("label", { htmlFor: "mk-show-archived",
      textContent: ` Show archived programs${archived ? ` (${archived})` : ""}` })),
    listing);
  status.textContent = message;   // only once the list it speaks of is on the page
}

// The one rule between two fields (the model checks it too): sign-ups close after they open.
function windowProblems(formNode) {
  const opens = Date.parse(formNode.querySelector('[name="opensAt"]')?.value ?? "");
  const closes = Date.parse(formNode.querySelector('[name="closesAt"]')?.value ?? "");
  return closes <= opens ? [{ field: "closesAt", message: "Sign-ups must close after they open." }] : [];
}

// The settings form: ProgramIn for a new program; for an existing one, the fields ProgramPatch
// accepts (the format is fixed once people have signed up under it).
async function settingsForm(program) {
  const { components } = await api("/openapi.json");
  const schemas = components.schemas;
  const patch = schemas.ProgramPatch;
  const schema = program
    ? { ...schemas.ProgramIn, properties: { ...schemas.ProgramIn.properties, status: patch.properties.status } }
    : schemas.ProgramIn;
  const only = program ? Object.keys(patch.properties) : undefined;
  const fields = el("div");
  const save = el("button", { type: "submit", className: "md-button md-button--primary",
    textContent: program ? "Save settings" : "Create program" });
  const cancel = button("Back to programs", () => programList());
  const formNode = el("form", { noValidate: true },
    el("p", { className: "mk-help", textContent: "Fields marked * must be filled in." }), fields, save, " ", cancel);
  formNode.setAttribute("aria-label", program ? `Settings of ${program.name}` : "New program");
  renderFields(fields, schema, schemas, { values: program ?? {}, only: only && [...only] });
  const idempotencyKey = crypto.randomUUID();
  formNode.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(formNode);
    const problems = [...checkFields(formNode, schema, schemas, { only }), ...windowProblems(formNode)];
    if (problems.length) {
      showErrors(formNode, problems, schema, schemas);
      status.textContent = "Please correct the highlighted fields.";
      return;
    }
    const body = readFields(formNode, schema, schemas, { only });
    save.disabled = true;
    status.textContent = "Saving…";
    try {
      const saved = program
        ? await api(`/programs/${encodeURIComponent(program.programId)}`, { method: "PATCH", body })
        : await api("/programs", { method: "POST", body, idempotencyKey });
      state.message = program ? `Saved the settings of ${saved.name}.` : `Created ${saved.name}. Employees can sign up `
        + `from ${dateText(saved.opensAt)} to ${dateText(saved.closesAt)}.`;
      await programList();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const details = error.details.length ? error.details : [{ field: error.field, message: error.message }];
      const placed = showErrors(formNode, details, schema, schemas);
      status.textContent = placed ? "Please correct the highlighted fields." : plainMessage(error.message);
    } finally {
      save.disabled = false;
    }
  });
  const heading = el("h2", { tabIndex: -1, textContent: program ? `Settings of ${program.name}` : "New program" });
  const fixed = program && el("p", { textContent: `Format: ${formatText(program.format)} (fixed once the program is created).` });
  status.textContent = "";
  show(heading, fixed, formNode);
  heading.focus();
}

// Employees --------------------------------------------------------------------------------
async function openPrograms() {
  const [programs, mine] = [await api("/programs"), await api("/me/signups")];
  const joined = new Map(mine.filter((s) => s.status === "active").map((s) => [s.programId, s]));
  const open = sorted(programs).filter((p) => p.status === "open");
  if (!open.length) return show(el("p", { textContent: "No program is open right now." }));
  const list = el("ul");
  for (const p of open) {
    const signup = joined.get(p.programId);
    const link = el("a", { href: `../signup/?program=${encodeURIComponent(p.programId)}`,
      textContent: signup ? "See or change your sign-up" : "Sign up" });
    list.append(el("li", {}, el("strong", { textContent: p.name }),
      ` — ${formatText(p.format)}, sign-ups ${dateText(p.opensAt)} to ${dateText(p.closesAt)}. `,
      signup ? `You joined as a ${signup.role}. ` : "", link));
  }
  show(el("h2", { textContent: "Open programs" }), list);
}

async function main() {
  const user = currentUser();
  if (!user) {
    return show(el("p", { textContent: "Sign in with your work account to see the programs." }),
      button("Sign in to see programs", () => signIn(), true));
  }
  return user.isCoordinator ? programList() : openPrograms();
}

main().catch((error) => {
  show(el("p", { className: "mk-error", role: "alert", textContent: error.message }));
});
