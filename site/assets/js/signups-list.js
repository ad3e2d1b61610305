// Coordinators' sign-ups page: filter, count, export as CSV, import a roster.
import { api, ApiError, download } from "./api.js";
import { config } from "./config.js";
import { currentUser, signIn, token } from "./auth.js";
import { el } from "./dom.js";
import { dateText } from "./dates.js";

const root = document.querySelector("[data-mk-signups]");
const status = el("p", { role: "status", className: "mk-status" });

function labelled(text, control) {
  control.id = `mk-${text.toLowerCase().replace(/\W+/g, "-")}`;
  return el("p", {}, el("label", { htmlFor: control.id, textContent: text }), control);
}

function select(options) {
  const node = el("select");
  for (const [value, text] of options) node.append(el("option", { value, textContent: text }));
  return node;
}

function table(signups) {
  const head = el("tr", {}, ...["Name or e-mail", "Role", "Department", "Level", "Status", "Signed up", "Notes"]
    .map((h) => el("th", { scope: "col", textContent: h })));
  const body = el("tbody");
  for (const s of signups) {
    body.append(el("tr", {}, ...[s.name || s.email, s.role, s.department, String(s.jobLevel), s.status,
      dateText(s.createdAt), s.notes ?? ""].map((text) => el("td", { textContent: text }))));
  }
  return el("div", { className: "md-typeset__scrollwrap" },
    el("table", {}, el("caption", { textContent: `${signups.length} sign-ups` }), el("thead", {}, head), body));
}

async function programView(program) {
  const role = select([["", "Any role"], ["mentee", "Mentee"], ["mentor", "Mentor"], ["both", "Both"], ["peer", "Peer"]]);
  const state = select([["", "Any status"], ["active", "Active"], ["withdrawn", "Withdrawn"]]);
  const department = el("input", { type: "text", maxLength: 120 });
  const results = el("div");
  const counts = el("p");
  const query = () => new URLSearchParams(Object.entries({ role: role.value, status: state.value,
    department: department.value.trim() }).filter(([, v]) => v)).toString();
  const refresh = async () => {
    const list = await api(`/programs/${program.programId}/signups?${query()}`);
    const parts = Object.entries(list.counts.role).map(([r, n]) => `${n} ${r}`);
    counts.textContent = `${list.total} sign-ups${parts.length ? `: ${parts.join(", ")}` : ""}.`;
    results.replaceChildren(table(list.signups));
  };
  const filters = el("form", {}, labelled("Role", role), labelled("Status", state),
    labelled("Department", department), el("button", { type: "submit", className: "md-button", textContent: "Filter" }));
  filters.setAttribute("aria-label", "Filter sign-ups");
  filters.addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
  const exportButton = el("button", { type: "button", className: "md-button", textContent: "Download CSV" });
  exportButton.addEventListener("click", () => download(`/programs/${program.programId}/signups?${query()}&format=csv`, `${program.programId}-signups.csv`).catch(report));

  const file = el("input", { type: "file", accept: ".csv,text/csv" });
  const dryRun = el("input", { type: "checkbox", id: "mk-dry-run", checked: true });
  const importButton = el("button", { type: "submit", className: "md-button md-button--primary", textContent: "Import roster" });
  const rejected = el("div");
  const importer = el("form", {}, labelled("Roster CSV file", file),
    el("p", {}, dryRun, el("label", { htmlFor: "mk-dry-run", textContent: " Check only (write nothing)" })), importButton, rejected);
  importer.setAttribute("aria-label", "Import a roster");
  importer.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!file.files.length) return (status.textContent = "Choose a CSV file first.");
    status.textContent = "Checking the roster…";
    const { apiBase } = await config();
    const response = await fetch(`${apiBase}/programs/${program.programId}/roster?dryRun=${dryRun.checked}`, {
      method: "POST", headers: { Authorization: `Bearer ${token()}`, "Content-Type": "text/csv",
        "Idempotency-Key": crypto.randomUUID() }, body: await file.files[0].text() });
    rejected.replaceChildren();
    let job = await response.json();
    if (job.error) return (status.textContent = job.error.message);
    // The import runs in the background: check on it until it has finished.
    while (job.status === "queued" || job.status === "running") {
      status.textContent = job.dryRun ? "Checking the roster…" : "Importing the roster…";
      await new Promise((done) => setTimeout(done, 1000));
      job = await api(`/programs/${program.programId}/roster-imports/${job.importId}`);
    }
    if (job.rejected.length) {
      const count = job.rejected.length;
      status.textContent = `${count} ${count === 1 ? "row has" : "rows have"} problems: nothing was imported.`;
      const list = el("ul");
      for (const r of job.rejected) list.append(el("li", { textContent: `Line ${r.line}, ${r.field}: ${r.message}` }));
      rejected.append(list);
    } else if (job.status === "failed") {
      status.textContent = job.reason;
    } else {
      const kept = job.kept ? ` ${job.kept} already signed up on the site and keep their own sign-up.` : "";
      status.textContent = (job.dryRun ? `All ${job.rows} rows are fine. Untick "Check only" to import them.`
        : `Imported ${job.imported} sign-ups.`) + kept;
      if (!job.dryRun) refresh();
    }
  });
  root.replaceChildren(el("h2", { textContent: program.name }), counts, filters, el("p", {}, exportButton), results,
    el("h2", { textContent: "Import a roster" }),
    el("p", {}, "Columns and rules: ", el("a", { href: "../../coordinators/roster-import/", textContent: "importing a roster" }), "."),
    importer, status);
  await refresh();
}

function report(error) {
  status.textContent = error.message;
}

async function main() {
  const user = currentUser();
  if (!user) {
    const button = el("button", { type: "button", className: "md-button md-button--primary", textContent: "Sign in" });
    button.addEventListener("click", () => signIn());
    return root.replaceChildren(el("p", { textContent: "Sign in as a coordinator to see sign-ups." }), button);
  }
  if (!user.isCoordinator) return root.replaceChildren(el("p", { textContent: "Only coordinators can see sign-ups." }));
  const programId = new URLSearchParams(location.search).get("program");
  if (programId) return programView(await api(`/programs/${encodeURIComponent(programId)}`));
  const list = el("ul");
  for (const p of await api("/programs")) {
    list.append(el("li", {}, el("a", { href: `?program=${encodeURIComponent(p.programId)}`, textContent: p.name })));
  }
  root.replaceChildren(el("h2", { textContent: "Choose a program" }), list);
}

main().catch((error) => root.replaceChildren(el("p", { role: "alert", className: "mk-error", textContent: error.message })));
