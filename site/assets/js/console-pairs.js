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
    day(r.startedAt), day(r.lastMeetingOn), (r.minutesLogged / 60).toFixed(1), String(r.goals)]
    .map((text) => el("td", { textContent: text })), el("td", {}, r.closeReason ?? ending(programId, r))));
  root.replaceChildren(el("h2", { textContent: "Pairs by health" }),
    el("div", { className: "mk-field" }, el("label", { htmlFor: "mk-pairs-health", textContent: "Show pairs by health" }), filter),
    rows.length ? el("table", { className: "mk-table" }, el("caption", { textContent: "Mentoring relationships" }),
      el("thead", {}, head), el("tbody", {}, ...rows))
      : el("p", { textContent: "No pairs here yet: they appear when matches are published or requests accepted." }),
    byHand(programId), status);
}

// A coordinator ends a pair (cancelled, with a reason both partners read), after confirming.
function ending(programId, pair) {
  const id = `mk-end-${pair.relationshipId}`;
  const reason = el("input", { id, type: "text", maxLength: 500 });
  const asking = el("div", { hidden: true }, el("label", { htmlFor: id,
    textContent: `Why end ${pair.menteeEmail} and ${pair.mentorEmail}?` }), reason);
  const confirm = el("button", { type: "button", className: "md-button", textContent: "Yes, end this pair" });
  confirm.addEventListener("click", async () => {
    try {
      await api(`/relationships/${pair.relationshipId}/close`,
        { method: "POST", body: { outcome: "cancelled", reason: reason.value } });
      await show(programId);
      status.textContent = `Ended the pair of ${pair.menteeEmail} and ${pair.mentorEmail}.`;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status.textContent = error.message;
    }
  });
  asking.append(confirm);
  const start = el("button", { type: "button", className: "md-button", textContent: "End pair" });
  start.setAttribute("aria-label", `End pair of ${pair.menteeEmail} and ${pair.mentorEmail}`);
  start.addEventListener("click", () => { start.hidden = true; asking.hidden = false; reason.focus(); });
  return el("div", {}, start, asking);
}

// Pair two people by hand (re-matching one person: end their pair, then pair them again).
const status = el("p", { className: "mk-status", role: "status" });

function input(id, label, type = "text") {
  const node = el("input", { id, type, maxLength: 500 });
  return [node, el("div", { className: "mk-field" }, el("label", { htmlFor: id, textContent: label }), node)];
}

function byHand(programId) {
  const [mentee, menteeField] = input("mk-hand-mentee", "Mentee's e-mail", "email");
  const [mentor, mentorField] = input("mk-hand-mentor", "Mentor's e-mail", "email");
  const [reason, reasonField] = input("mk-hand-reason", "Why (shown to both, optional)");
  const pair = el("button", { type: "button", className: "md-button", textContent: "Pair them" });
  pair.addEventListener("click", async () => {
    try {
      await api(`/programs/${programId}/relationships`, { method: "POST",
        body: { menteeEmail: mentee.value, mentorEmail: mentor.value, reason: reason.value } });
      await show(programId);
      status.textContent = `Paired ${mentee.value} with ${mentor.value}; both are e-mailed.`;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status.textContent = error.message;
    }
  });
  return el("section", {}, el("h3", { textContent: "Pair two people by hand" }), el("p", { className: "mk-help",
    textContent: "Any two people of the program, within the mentor's capacity and the hard rules. To re-match " +
      "someone, end their pair first (End pair, above)." }),
  menteeField, mentorField, reasonField, pair);
}

const opened = document.querySelector("[data-mk-console]")?.dataset.program;
if (opened) show(opened);
document.addEventListener("mk:program-opened", (event) => show(event.detail.programId));
