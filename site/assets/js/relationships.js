// My mentoring, after the match: find a mentor (self-match), requests, and each relationship with
// its goals, meetings, hours and the close button.
import { api, ApiError } from "./api.js";
import { currentUser, signIn, token } from "./auth.js";
import { config } from "./config.js";
import { el } from "./dom.js";

const root = document.querySelector("[data-mk-relationships]");
const status = el("p", { className: "mk-status", role: "status" });
const day = (iso) => (iso ? new Date(iso).toLocaleDateString() : "never");
const hours = (minutes) => `${(minutes / 60).toFixed(1)} h`;
const HEALTH = { healthy: "on track", quiet: "quiet: time for a check-in", stalled: "stalled: no meeting for a long time",
  closed: "closed" };
const GOAL_STATES = { not_started: "Not started", in_progress: "In progress", achieved: "Achieved", dropped: "Dropped" };

function button(text, onClick, primary = false) {
  const b = el("button", { type: "button", className: `md-button${primary ? " md-button--primary" : ""}`,
    textContent: text });
  b.addEventListener("click", onClick);
  return b;
}

function field(id, label, input, help) {
  input.id = id;
  return el("div", { className: "mk-field" }, el("label", { htmlFor: id, textContent: label }), input,
    help ? el("p", { className: "mk-help", textContent: help }) : null);
}

// Runs an action, shows its error next to the page's status, and redraws on success.
async function act(work, done = "") {
  try {
    await work();
    status.textContent = done;
    await render();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    status.textContent = error.message;
  }
}

// Find a mentor ---------------------------------------------------------------------------
async function finder(programs, signups, relationships) {
  const busy = new Set(relationships.filter((r) => r.status === "active").map((r) => r.programId));
  const open = signups.filter((s) => s.status === "active" && ["mentee", "both", "peer"].includes(s.role)
    && !busy.has(s.programId) && ["self", "both"].includes(programs[s.programId]?.matchingMode));
  const sections = [];
  for (const signup of open) {
    const program = programs[signup.programId];
    const { recommendations, openRequests, mostOpenRequests } = await api(`/programs/${program.programId}/recommendations`);
    const cards = recommendations.map((m) => mentorCard(program, m, openRequests < mostOpenRequests));
    sections.push(el("section", {}, el("h3", { textContent: `Find a mentor in ${program.name}` }),
      el("p", { className: "mk-help", textContent:
        `You can have ${mostOpenRequests} open requests at a time (you have ${openRequests}). A mentor has ` +
        `${program.requestExpiryDays} days to answer.` }),
      ...(cards.length ? cards : [el("p", { textContent:
        "No mentor with a free place fits you right now. New mentors join during the program: look again soon, " +
        "or ask your coordinator." })])));
  }
  return sections;
}

function mentorCard(program, mentor, canAsk) {
  const reasons = el("ul", {}, ...mentor.reasons.map((r) => el("li", { textContent: r })));
  const card = el("article", { className: "mk-match" },
    el("h4", { textContent: mentor.name || mentor.email }),
    el("p", { textContent: `${mentor.department}, level ${mentor.jobLevel}. Offers: ${
      mentor.skillsOffered.join(", ") || "–"}. Score ${Math.round(mentor.score)}; ${mentor.freePlaces} place${
      mentor.freePlaces === 1 ? "" : "s"} free.` }), reasons);
  if (mentor.requested) card.append(el("p", { textContent: "You have asked this mentor; waiting for an answer." }));
  else if (canAsk) {
    const id = `mk-ask-${mentor.mentorId}`;
    const message = el("textarea", { rows: 3, maxLength: 1000, required: true });
    const form = el("div", { hidden: true }, field(id, "Your message", message,
      "A few lines: who you are and what you hope to work on."));
    const key = crypto.randomUUID();
    const send = button(`Send request to ${mentor.email}`, () => act(() => api(
      `/programs/${program.programId}/requests`,
      { method: "POST", body: { mentorId: mentor.mentorId, message: message.value }, idempotencyKey: key }),
    `Request sent to ${mentor.email}.`), true);
    form.append(send);
    const ask = button(`Ask ${mentor.email}`, () => { ask.hidden = true; form.hidden = false; message.focus(); });
    card.append(el("p", {}, ask), form);
  }
  return card;
}

// Requests ------------------------------------------------------------------------------
function requestsList({ sent, received }) {
  if (!sent.length && !received.length) return [];
  const row = (r) => {
    const item = el("li", {}, `${r.direction === "sent" ? "To" : "From"} ${r.partnerEmail} (${r.programName}): ${r.status}`,
      r.reason ? ` — ${r.reason}` : "", r.status === "open" ? `, answer by ${day(r.expiresAt)}` : "");
    if (r.direction === "received" && r.status === "open") {
      const reason = el("input", { type: "text", maxLength: 500 });
      const declining = el("div", { hidden: true }, field(`mk-decline-${r.requestId}`, "Reason (the mentee reads it)", reason),
        button("Send decline", () => act(() => api(`/requests/${r.requestId}/decline`,
          { method: "POST", body: { reason: reason.value } }), "Declined.")));
      item.append(el("blockquote", { textContent: r.message }),
        el("p", {}, button(`Accept ${r.partnerEmail}`, () => act(() => api(`/requests/${r.requestId}/accept`,
          { method: "POST" }), `You are now mentoring ${r.partnerEmail}.`), true), " ",
        button("Decline", () => { declining.hidden = false; reason.focus(); })), declining);
    }
    return item;
  };
  return [el("h3", { textContent: "Requests" }), el("ul", {}, ...received.map(row), ...sent.map(row))];
}

// One relationship ----------------------------------------------------------------------
function goals(rel) {
  const list = el("ul", {}, ...rel.goalList.map((g) => {
    const state = el("select", {}, ...Object.entries(GOAL_STATES).map(([value, text]) =>
      el("option", { value, textContent: text, selected: value === g.status })));
    const note = el("input", { type: "text", maxLength: 2000 });
    const save = button("Save", () => act(() => api(`/relationships/${rel.relationshipId}/goals/${g.goalId}`,
      { method: "PATCH", body: { status: state.value, ...(note.value ? { note: note.value } : {}) } }), "Goal saved."));
    return el("li", {}, el("strong", { textContent: g.title }), g.measure ? ` — ${g.measure}` : "",
      g.notes.length ? el("ul", {}, ...g.notes.map((n) => el("li", { textContent: n }))) : null,
      rel.status === "active" ? el("div", {}, field(`mk-goal-state-${g.goalId}`, `Status of “${g.title}”`, state),
        field(`mk-goal-note-${g.goalId}`, "Progress note (optional)", note), save) : ` (${GOAL_STATES[g.status]})`);
  }));
  const out = [el("h4", { textContent: `Goals (${rel.goalList.length} of 3)` }), list];
  if (rel.status === "active" && rel.goalList.length < 3) {
    const title = el("input", { type: "text", maxLength: 280 });
    const key = crypto.randomUUID();
    out.push(field(`mk-goal-${rel.relationshipId}`, "New SMART goal", title,
      "Specific, measurable and with a date, e.g. 'Run my first team retrospective by the end of March'."),
    button("Add goal", () => act(() => api(`/relationships/${rel.relationshipId}/goals`,
      { method: "POST", body: { title: title.value }, idempotencyKey: key }), "Goal added.")));
  }
  return out;
}

function meetings(rel) {
  const rid = rel.relationshipId;
  const out = [el("h4", { textContent: `Meetings: ${rel.meetings}, ${hours(rel.minutesLogged)} in all` }),
    el("ul", {}, ...rel.meetingList.map((m) => el("li", {}, `${day(m.heldOn)}: ${m.minutes} minutes`,
      m.note ? el("span", { className: "mk-help", textContent: ` — your note: ${m.note}` }) : null)))];
  const months = Object.entries(rel.hoursByMonth);
  if (months.length) out.push(el("p", { textContent: `By month: ${months.map(([m, h]) => `${m}: ${h} h`).join(", ")}.` }));
  if (rel.nextMeetingAt) {
    out.push(el("p", {}, `Next meeting: ${new Date(rel.nextMeetingAt).toLocaleString()}. `,
      button("Add to calendar (.ics)", () => downloadIcs(rid))));
  }
  if (rel.status !== "active") return out;
  const held = el("input", { type: "date", value: new Date().toISOString().slice(0, 10) });
  const minutes = el("input", { type: "number", min: 5, max: 600, step: 5, value: 60 });
  const note = el("input", { type: "text", maxLength: 2000 });
  const next = el("input", { type: "datetime-local" });
  const key = crypto.randomUUID();
  out.push(el("div", {}, field(`mk-held-${rid}`, "Day you met", held), field(`mk-minutes-${rid}`, "Minutes", minutes),
    field(`mk-note-${rid}`, "Private note (optional)", note, "Only you see it."),
    field(`mk-next-${rid}`, "Next meeting (optional)", next),
    button("Log meeting", () => act(() => api(`/relationships/${rid}/meetings`, { method: "POST", idempotencyKey: key,
      body: { heldOn: held.value, minutes: Number(minutes.value), ...(note.value ? { note: note.value } : {}),
        ...(next.value ? { nextAt: new Date(next.value).toISOString() } : {}) } }), "Meeting logged."))));
  return out;
}

async function downloadIcs(rid) {
  const { apiBase } = await config();
  const response = await fetch(`${apiBase}/relationships/${rid}/next-meeting.ics`,
    { headers: { Authorization: `Bearer ${token()}` } });
  if (!response.ok) { status.textContent = "The calendar file could not be made."; return; }
  const link = el("a", { href: URL.createObjectURL(await response.blob()), download: "next-meeting.ics" });
  link.click();
}

function closer(rel) {
  if (rel.status !== "active") {
    return [el("p", { textContent: `Ended ${day(rel.closedAt)} (${rel.status}): ${rel.closeReason}` })];
  }
  const rid = rel.relationshipId;
  const outcome = el("select", {}, el("option", { value: "completed", textContent: "Completed: we reached our goals or our time" }),
    el("option", { value: "cancelled", textContent: "Cancelled: it is ending early" }));
  const reason = el("input", { type: "text", maxLength: 500 });
  const asking = el("div", { hidden: true }, field(`mk-outcome-${rid}`, "How it ends", outcome),
    field(`mk-reason-${rid}`, "A few words why", reason, "Your partner and your coordinator see it."));
  const start = button("End this relationship", () => { start.hidden = true; asking.hidden = false; outcome.focus(); });
  asking.append(button("Yes, end it", () => act(() => api(`/relationships/${rid}/close`,
    { method: "POST", body: { outcome: outcome.value, reason: reason.value } }),
  "The relationship has ended. Look out for the end survey in your inbox."), true), " ",
  button("Keep it going", () => { asking.hidden = true; start.hidden = false; start.focus(); }));
  return [el("p", {}, start), asking];
}

// What the partner shares with a partner (the privacy page lists it).
function partnerLine(partner) {
  if (!partner?.department) return null;
  const wants = partner.role === "mentee" ? "wants to build" : "offers";
  const parts = [`${partner.name || partner.email}: ${partner.department}, level ${partner.jobLevel}.`];
  if (partner.skills.length) parts.push(`Skills they ${wants}: ${partner.skills.join(", ")}.`);
  if (partner.goals.length) parts.push(`Their goals: ${partner.goals.join("; ")}.`);
  return el("p", { textContent: parts.join(" ") });
}

async function relationshipCard(summary) {
  const rel = await api(`/relationships/${summary.relationshipId}`);
  const who = rel.role === "mentee" ? "Your mentor" : "Your mentee";
  return el("article", { className: "mk-match" },
    el("h3", { textContent: `${rel.programName}: ${who} ${rel.partnerEmail}` }),
    el("p", { textContent: `Since ${day(rel.startedAt)}. Last meeting: ${day(rel.lastMeetingOn)}. ${
      HEALTH[rel.health][0].toUpperCase()}${HEALTH[rel.health].slice(1)}.` }),
    partnerLine(rel.partner),
    rel.reasons.length ? el("p", { textContent: "Why you were matched:" }) : null,
    rel.reasons.length ? el("ul", {}, ...rel.reasons.map((r) => el("li", { textContent: r }))) : null,
    rel.status === "active" && !rel.meetings ? el("p", {}, "First steps: the ",
      el("a", { href: "../../toolkit/first-meeting-agenda/", textContent: "first-meeting agenda" }), " and the ",
      el("a", { href: "../../toolkit/mentoring-agreement/", textContent: "mentoring agreement" }), ".") : null,
    ...goals(rel), ...meetings(rel), ...closer(rel));
}

// The page ------------------------------------------------------------------------------
async function render() {
  // One call after another: the local API emulator runs one invocation at a time, like one sandbox.
  const programs = Object.fromEntries((await api("/programs")).map((p) => [p.programId, p]));
  const signups = await api("/me/signups");
  const { relationships } = await api("/me/relationships");
  const requests = await api("/me/requests");
  const cards = [];
  for (const summary of relationships) cards.push(await relationshipCard(summary));
  const finding = await finder(programs, signups, relationships);
  root.replaceChildren(status, ...finding, ...requestsList(requests),
    ...(cards.length ? [el("h3", { textContent: "Your mentoring relationships" }), ...cards] : []));
}

async function main() {
  if (!currentUser()) {
    root.replaceChildren(button("Sign in to see your mentoring", () => signIn(), true));
    return;
  }
  await render();
}

main().catch((error) => {
  root.replaceChildren(el("p", { className: "mk-error", role: "alert", textContent: error.message }));
});
