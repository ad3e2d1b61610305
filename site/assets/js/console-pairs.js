// The console's pairs: a program's relationships by health (healthy, quiet, stalled, closed), filtered.
// It follows the program the console has open (the console marks it on its root and announces it).
import { api, ApiError } from "./api.js";
import { el } from "./dom.js";

const root = document.querySelector("[data-mk-pairs]");
const HEALTHS = ["healthy", "quiet", "stalled", "closed"];
const day = (iso) => (iso ? new Date(iso).toLocaleDateString() : "never");

async function show(programId, health = "") {
  const query = health ? `?health=${health}` : "";
  let listing;
  try {
    listing = await api(`/programs/${programId}/relationships${query}`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    root.replaceChildren(el("p", { role: "status", textContent: `The pairs could not be loaded: ${error.message}` }));
    return;
  }
  const filter = el("select", { id: "mk-pairs-health" }, el("option", { value: "", textContent: "All pairs" }),
    ...HEALTHS.map((h) => el("option", { value: h, selected: h === health,
      textContent: `${h[0].toUpperCase()}${h.slice(1)} (${listing.counts[h] ?? 0})` })));
  filter.addEventListener("change", () => show(programId, filter.value));
  const head = el("tr", {}, ...["Mentee", "Mentor", "Health", "Started", "Last meeting", "Hours", "Goals", "Ended because"]
    .map((h) => el("th", { scope: "col", textContent: h })));
  const rows = listing.relationships.map((r) => el("tr", {}, ...[r.menteeEmail, r.mentorEmail, r.health,
    day(r.startedAt), day(r.lastMeetingOn), (r.minutesLogged / 60).toFixed(1), String(r.goals), r.closeReason ?? ""]
    .map((text) => el("td", { textContent: text }))));
  root.replaceChildren(el("h2", { textContent: "Pairs by health" }),
    el("div", { className: "mk-field" }, el("label", { htmlFor: "mk-pairs-health", textContent: "Show" }), filter),
    rows.length ? el("table", { className: "mk-table" }, el("caption", { textContent: "Mentoring relationships" }),
      el("thead", {}, head), el("tbody", {}, ...rows))
      : el("p", { textContent: "No pairs here yet: they appear when matches are published or requests accepted." }));
}

const opened = document.querySelector("[data-mk-console]")?.dataset.program;
if (opened) show(opened);
document.addEventListener("mk:program-opened", (event) => show(event.detail.programId));
