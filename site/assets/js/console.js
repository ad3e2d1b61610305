// The coordinator console: choose a program, run matching, review the pairs and why, adjust, publish.
import { api, ApiError } from "./api.js";
import { currentUser, signIn } from "./auth.js";
import { el } from "./dom.js";
import { dateTimeText as when } from "./dates.js";

const root = document.querySelector("[data-mk-console]");
const button = (text, onClick, primary = false) => {
  const b = el("button", { type: "button", className: `md-button${primary ? " md-button--primary" : ""}`,
    textContent: text });
  b.addEventListener("click", onClick);
  return b;
};
const pct = (share) => (share === null || share === undefined ? "–" : `${Math.round(share * 100)}%`);
const num = (value) => (value === null || value === undefined ? "–" : Number(value).toFixed(1));
const email = (person) => person.email ?? "(withdrawn)";

const status = el("p", { className: "mk-status", role: "status" });
const state = { program: null, pins: [], forbidden: [], minScore: "", polling: null };

function say(text) {
  status.textContent = text;
}

function table(caption, headers, rows) {
  const head = el("tr", {}, ...headers.map((h) => el("th", { scope: "col", textContent: h })));
  const body = el("tbody", {}, ...rows);
  return el("table", { className: "mk-table" }, el("caption", { textContent: caption }), el("thead", {}, head), body);
}

function cell(...children) {
  return el("td", {}, ...children.map((c) => (typeof c === "string" || typeof c === "number" ? String(c) : c)));
}

// Programs -----------------------------------------------------------------------------
async function start() {
  const user = currentUser();
  if (!user) {
    root.replaceChildren(el("p", { textContent: "Sign in as a coordinator to run matching." }),
      button("Sign in", () => signIn(), true));
    return;
  }
  if (!user.isCoordinator) {
    root.replaceChildren(el("p", { textContent:
      "This console is for program coordinators. Ask your mentoring lead to add you to the coordinators group." }));
    return;
  }
  // Archived programs are over: the list leaves them out.
  const programs = await api("/programs");
  const select = el("select", { id: "mk-console-program" },
    el("option", { value: "", textContent: "Choose a program…" }),
    ...programs.filter((p) => p.status !== "archived")
      .map((p) => el("option", { value: p.programId, textContent: p.name })));
  const label = el("label", { htmlFor: "mk-console-program", textContent: "Program" });
  const area = el("div", { className: "mk-console__program" });
  select.addEventListener("change", () => {
    const program = programs.find((p) => p.programId === select.value);
    // Pins and never-pairs live on the program: they survive a reload and hold for every run.
    state.pins = [...(program?.pins ?? [])];
    state.forbidden = [...(program?.forbidden ?? [])];
    if (program) openProgram(program, area);
    else area.replaceChildren();
  });
  root.replaceChildren(el("div", { className: "mk-field" }, label, select), status, area);
  const wanted = new URLSearchParams(location.search).get("program");
  if (wanted && programs.some((p) => p.programId === wanted)) {
    select.value = wanted;
    select.dispatchEvent(new Event("change"));
  }
}

async function openProgram(program, area, message = "") {
  state.program = program;
  root.dataset.program = program.programId;   // console-pairs.js follows it
  document.dispatchEvent(new CustomEvent("mk:program-opened", { detail: program }));
  say(`Loading ${program.name}…`);
  // One after the other: the local API emulator runs handlers in one process, like one sandbox.
  const signups = await api(`/programs/${program.programId}/signups?status=active`);
  const runs = await api(`/programs/${program.programId}/matching-runs`);
  const countText = Object.entries(signups.counts.role ?? {}).sort()
    .map(([role, n]) => `${n} ${role}${n === 1 ? "" : "s"}`).join(", ");
  const overview = el("section", { className: "mk-console__overview" },
    el("h2", { textContent: program.name }),
    el("p", { textContent: `${signups.total} sign-ups${countText ? `: ${countText}` : ""}. Format: ${
      program.format.replace(/_/g, "-")}.` }));
  const settings = settingsForm();
  const review = el("section", { className: "mk-console__review", "aria-live": "off" });
  const history = runsTable(runs, review);
  area.replaceChildren(overview, settings, history, review);
  say(message);
  const latest = runs.runs[0];
  if (latest) showRun(latest.runId, review);
}

// Run settings: minimum score, pins and never-pairs, then "Run matching" ------------------
function settingsForm() {
  const section = el("section", { className: "mk-console__settings" }, el("h2", { textContent: "Run matching" }));
  const minScore = el("input", { type: "number", id: "mk-min-score", min: 0, max: 100, step: 1,
    value: state.minScore, inputMode: "numeric" });
  minScore.addEventListener("input", () => { state.minScore = minScore.value; });
  const minField = el("div", { className: "mk-field" },
    el("label", { htmlFor: "mk-min-score", textContent: "Minimum score (optional, 0–100)" }), minScore,
    el("p", { className: "mk-help", textContent: "Pairs scoring below this are not made. Empty keeps the default (40)." }));
  const lists = el("div", { className: "mk-console__adjustments" });
  const run = button("Run matching", () => startRun(run), true);
  section.append(minField, lists, el("p", {}, run));
  renderAdjustments(lists);
  state.renderAdjustments = () => renderAdjustments(lists);
  return section;
}

function renderAdjustments(node) {
  const item = (pair, list, label) => {
    const remove = button(`Remove`, async () => {
      list.splice(list.indexOf(pair), 1);
      renderAdjustments(node);
      await saveAdjustments();
    });
    remove.setAttribute("aria-label", `Remove ${label} ${pair[0]} and ${pair[1]}`);
    return el("li", {}, `${pair[0]} with ${pair[1]} `, remove);
  };
  const block = (title, list, label, empty) => el("div", {}, el("h3", { textContent: title }),
    list.length ? el("ul", {}, ...list.map((p) => item(p, list, label))) : el("p", { textContent: empty }));
  node.replaceChildren(
    block("Pinned pairs", state.pins, "pin", "None. Use “Pin” on a pair below to keep it in every run."),
    block("Never pair", state.forbidden, "never-pair", "None. Use “Forbid” on a pair below to rule it out."));
}

async function saveAdjustments() {
  try {
    await api(`/programs/${state.program.programId}`,
      { method: "PATCH", body: { pins: state.pins, forbidden: state.forbidden } });
    state.program.pins = [...state.pins];
    state.program.forbidden = [...state.forbidden];
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    say(`The change was not saved: ${error.message}`);
  }
}

async function startRun(trigger) {
  const body = {};   // the program's pins and never-pairs apply to every run
  if (state.minScore !== "") body.minScore = Number(state.minScore);
  trigger.disabled = true;
  say("Starting a matching run…");
  try {
    const started = await api(`/programs/${state.program.programId}/matching-runs`,
      { method: "POST", body, idempotencyKey: crypto.randomUUID() });
    if (started.status === "failed") say(`The run could not start: ${started.reason}`);
    else await poll(started.runId);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    say(`The run was not started: ${error.message}`);
  } finally {
    trigger.disabled = false;
  }
}

async function poll(runId) {
  const started = Date.now();
  for (;;) {
    const run = await api(`/programs/${state.program.programId}/matching-runs/${runId}?limit=0`);
    const seconds = Math.round((Date.now() - started) / 1000);
    if (run.status === "succeeded" || run.status === "failed") {
      const message = run.status === "succeeded"
        ? `Run finished: ${run.pairsTotal} pairs, ${pct(run.summary?.matchedShare)} matched.`
        : `The run failed: ${run.reason}`;
      return openProgram(state.program, root.querySelector(".mk-console__program"), message);
    }
    say(`Run ${run.status}${run.progress ? `: ${run.progress}` : ""} (${seconds} s)…`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

// Runs and review -------------------------------------------------------------------------
function runsTable(list, review) {
  const rows = list.runs.map((run) => {
    const open = button("Review", () => showRun(run.runId, review));
    open.setAttribute("aria-label", `Review the run of ${when(run.createdAt)}`);
    const published = run.runId === list.publishedRunId ? " (published)" : "";
    return el("tr", {}, cell(when(run.createdAt)), cell(`${run.status}${published}`),
      cell(run.summary ? pct(run.summary.matchedShare) : "–"), cell(open));
  });
  if (!rows.length) {
    return el("section", {}, el("h2", { textContent: "Runs" }), el("p", { textContent: "No run yet." }));
  }
  return el("section", {}, el("h2", { textContent: "Runs" }),
    table("Matching runs of this program, newest first", ["Started", "Status", "Matched", "Open"], rows));
}

async function showRun(runId, review) {
  // The last run asked for wins: an earlier, slower answer must not replace it.
  state.showing = runId;
  review.replaceChildren(el("p", { textContent: "Loading the run…" }));
  const run = await wholeRun(runId);
  if (state.showing !== runId) return;
  const heading = el("h2", { tabIndex: -1, textContent: `Run of ${when(run.createdAt)}: ${run.status}` });
  if (run.status !== "succeeded") {
    review.replaceChildren(heading, el("p", { textContent: run.reason ?? run.progress ?? "Not finished yet." }));
    return;
  }
  const sections = [heading, summary(run.summary), publishBlock(run), pairsTable(run.pairs),
    unmatchedTable(run.unmatched), rejectedPins(run.rejectedPins)];
  review.replaceChildren(...sections.filter(Boolean));
}

// The review comes in pages (a large program's would not fit in one answer): fetch them all.
async function wholeRun(runId) {
  const path = `/programs/${state.program.programId}/matching-runs/${runId}`;
  const run = await api(path);
  for (let next = run.nextOffset; next !== null && next !== undefined;) {
    const page = await api(`${path}?offset=${next}`);
    run.pairs.push(...page.pairs);
    run.unmatched.push(...page.unmatched);
    next = page.nextOffset;
  }
  return run;
}

function summary(s) {
  const facts = [["Matched", `${s.matched} of ${s.toMatch} (${pct(s.matchedShare)})`],
    ["Mean score", num(s.meanScore)], ["Lowest score", num(s.minScore)], ["Pairs scoring 70 or more", pct(s.shareAtLeast70)],
    ["Mentors", `${s.mentorLoad.mentors}, places used ${s.mentorLoad.used} of ${s.mentorLoad.capacity}`]];
  const dl = el("dl", { className: "mk-summary" }, ...facts.flatMap(([k, v]) => [el("dt", { textContent: k }),
    el("dd", { textContent: v })]));
  const most = Math.max(1, ...Object.values(s.histogram));
  const bins = Object.entries(s.histogram).map(([bin, n]) => el("tr", {}, el("th", { scope: "row", textContent: bin }),
    cell(String(n)), cell(el("span", { className: "mk-bar", style: `width:${(100 * n) / most}%` }))));
  const histogram = el("table", { className: "mk-table mk-histogram" },
    el("caption", { textContent: "Pairs by score" }),
    el("thead", {}, el("tr", {}, ...["Score", "Pairs", "Share"].map((h) => el("th", { scope: "col", textContent: h })))),
    el("tbody", {}, ...bins));
  const load = Object.entries(s.mentorLoad.byMentees).map(([k, n]) => `${n} with ${k}`).join(", ");
  return el("section", {}, el("h3", { textContent: "Summary" }), dl, histogram,
    el("p", { textContent: `Mentor load: ${load || "–"}.` }));
}

function publishBlock(run) {
  const block = el("div", { className: "mk-console__publish" });
  if (run.published) {
    block.append(el("p", { textContent: "These are the published matches." }));
    return block;
  }
  const ask = button("Publish these matches…", () => {
    const yes = button(`Yes, publish ${run.pairsTotal} pairs`, () => publish(run, yes, block), true);
    const no = button("Cancel", () => block.replaceChildren(ask));
    block.replaceChildren(el("p", { textContent:
      `Publishing replaces the matches everyone sees with these ${run.pairsTotal} pairs and e-mails them.` }), yes, " ", no);
    yes.focus();
  }, true);
  block.append(ask);
  return block;
}

async function publish(run, trigger, block) {
  trigger.disabled = true;
  say("Publishing…");
  try {
    const done = await api(`/programs/${state.program.programId}/matching-runs/${run.runId}/publish`, { method: "POST" });
    say(`Published ${done.pairs} pairs. ${done.notifications}`);
    block.replaceChildren(el("p", { textContent: "These are the published matches." }));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    say(`Not published: ${error.message}`);
    trigger.disabled = false;
  }
}

function why(pair) {
  const items = pair.breakdown.map((b) => el("li", {}, `${b.sentence} (${num(b.points)} of ${num(b.maxPoints)})`));
  return el("details", {}, el("summary", { textContent: pair.reasons[0] ?? "Why" }), el("ul", {}, ...items));
}

function pairsTable(pairs) {
  const rows = pairs.map((pair) => {
    const mentee = email(pair.mentee);
    const mentor = email(pair.mentor);
    const pin = button(pair.pinned ? "Pinned" : "Pin", () => adjust(state.pins, [mentee, mentor], pin));
    pin.setAttribute("aria-label", `Pin ${mentee} with ${mentor}`);
    pin.disabled = pair.pinned || !pair.mentee.email || !pair.mentor.email;
    const forbid = button("Forbid", () => adjust(state.forbidden, [mentee, mentor], forbid));
    forbid.setAttribute("aria-label", `Forbid ${mentee} with ${mentor}`);
    return el("tr", {}, cell(mentee), cell(mentor), cell(num(pair.score)), cell(why(pair)), cell(pin, " ", forbid));
  });
  return el("section", {}, el("h3", { textContent: `Pairs (${pairs.length})` }),
    table("Pairs with their score and the reasons for each", ["Mentee or peer", "Mentor or peer", "Score", "Why",
      "Adjust"], rows));
}

async function adjust(list, pair, trigger) {
  if (!list.some((p) => p[0] === pair[0] && p[1] === pair[1])) list.push(pair);
  trigger.disabled = true;
  state.renderAdjustments?.();
  await saveAdjustments();
  say(`${list === state.pins ? "Pinned" : "Ruled out"} ${pair[0]} with ${pair[1]}, kept on the program for every run. Run matching again to apply.`);
}

function unmatchedTable(unmatched) {
  if (!unmatched.length) return el("p", { textContent: "Everyone was matched." });
  const rows = unmatched.map((u) => el("tr", {}, cell(email(u.person)), cell(u.side), cell(u.reason)));
  return el("section", {}, el("h3", { textContent: `Not matched (${unmatched.length})` }),
    table("People left unmatched, and why", ["Person", "Side", "Why"], rows));
}

function rejectedPins(rejected) {
  if (!rejected.length) return null;
  return el("section", {}, el("h3", { textContent: "Pins that could not be kept" }),
    el("ul", {}, ...rejected.map((r) => el("li", { textContent: `${r.mentee} with ${r.mentor}: ${r.reason}` }))));
}

start().catch((error) => {
  say(error instanceof ApiError ? error.message : "The console could not load. Reload the page to try again.");
  if (!(error instanceof ApiError)) throw error;
});
