// The coordinators' dashboard: a program's numbers at a glance (Chart.js, served by the site
// itself), each chart with its table; survey windows, reminders and results; CSV downloads.
import { api, ApiError, download } from "./api.js";
import { currentUser, signIn } from "./auth.js";
import { el } from "./dom.js";

const root = document.querySelector("[data-mk-dashboard]");
const status = el("p", { className: "mk-status", role: "status" });
const charts = [];
const pct = (share) => (share === null || share === undefined ? "–" : `${Math.round(share * 100)}%`);
const num = (value) => (value === null || value === undefined ? "–" : String(value));
const day = (iso) => new Date(iso).toLocaleDateString();
const say = (text) => { status.textContent = text; };
const failed = (error) => say(error instanceof ApiError ? error.message : "The server could not be reached.");

function button(text, onClick, primary = false) {
  const b = el("button", { type: "button", className: `md-button${primary ? " md-button--primary" : ""}`,
    textContent: text });
  b.addEventListener("click", onClick);
  return b;
}

function table(caption, headers, rows) {
  return el("table", { className: "mk-table" }, el("caption", { textContent: caption }),
    el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col", textContent: h })))),
    el("tbody", {}, ...rows.map((row) => el("tr", {}, ...row.map((c) => el("td", { textContent: num(c) }))))));
}

// Chart.js is loaded once, from the site's own assets (the build copies it from node_modules).
let chartLibrary = null;
function chartJs() {
  chartLibrary ??= new Promise((resolve, reject) => {
    const script = el("script", { src: new URL("../vendor/chart.umd.min.js", import.meta.url).href });
    script.addEventListener("load", () => resolve(window.Chart));
    script.addEventListener("error", () => reject(new Error("Chart.js could not be loaded")));
    document.head.append(script);
  });
  return chartLibrary;
}

// One measure: a chart for the eye and, under it, the same numbers as a table.
function chartBlock(title, axis, type, labels, datasets, { percent = false, max } = {}) {
  const canvas = el("canvas", { role: "img" });
  canvas.setAttribute("aria-label", `${title}: chart; the numbers are in the table below it.`);
  const rows = labels.map((label, i) => [label, ...datasets.map((d) => (percent && d.data[i] !== null
    ? `${d.data[i]}%` : d.data[i]))]);
  const block = el("section", { className: "mk-chart-block" }, el("h3", { textContent: title }),
    el("div", { className: "mk-chart" }, canvas),
    el("details", {}, el("summary", { textContent: "The numbers" }),
      table(title, [axis, ...datasets.map((d) => d.label)], rows)));
  if (!labels.length) {
    block.replaceChildren(el("h3", { textContent: title }), el("p", { textContent: "Nothing to show yet." }));
    return block;
  }
  chartJs().then((Chart) => {
    const colour = getComputedStyle(document.body).getPropertyValue("--md-primary-fg-color").trim() || "#1d4f76";
    const palette = [colour, "#0b6e4f", "#b35c00"];
    charts.push(new Chart(canvas, {
      type,
      data: { labels, datasets: datasets.map((d, i) => ({ ...d, backgroundColor: palette[i % 3],
        borderColor: palette[i % 3], spanGaps: true })) },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: datasets.length > 1 } },
        scales: { y: { beginAtZero: true, ...(max !== undefined ? { max } : {}) } } },
    }));
  }).catch(() => block.querySelector("details").setAttribute("open", ""));
  return block;
}

function tile(label, value) {
  return el("div", { className: "mk-tile" }, el("span", { className: "mk-tile__value", textContent: value }),
    el("span", { className: "mk-tile__label", textContent: label }));
}

// Metrics ------------------------------------------------------------------------------
function metricsSection(program, m) {
  const windows = m.surveys;
  const rated = windows.filter((w) => w.satisfaction !== null || w.nps !== null);
  const latestNps = [...rated].reverse().find((w) => w.nps !== null)?.nps;
  const csv = button("Download the numbers (CSV)", () =>
    download(`/programs/${program.programId}/metrics?format=csv`, `${program.programId}-metrics.csv`).catch(failed));
  const runId = m.matching.publishedRunId;
  const pairs = runId ? button("Download the published pairs (CSV)", () =>
    download(`/programs/${program.programId}/matching-runs/${runId}?format=csv`, `${program.programId}-pairs.csv`)
      .catch(failed)) : null;
  const label = (w) => `${w.surveyId} ${day(w.openedAt)}`;
  return el("section", { className: "mk-dashboard__metrics" },
    el("h2", { textContent: `${m.name}: at a glance` }),
    el("div", { className: "mk-tiles" },
      tile("active sign-ups", String(m.signups.active)),
      tile("mentees matched", pct(m.matching.matchedShare)),
      tile("matches scoring 70+", pct(m.matching.shareAtLeast70)),
      tile(`pairs active (met in ${m.activity.activeDays} days)`, `${m.activity.activePairs} of ${m.activity.pairs}`),
      tile("mentoring hours reported", String(m.activity.hours)),
      tile("latest NPS", num(latestNps))),
    el("p", {}, csv, pairs ? " " : null, pairs),
    el("div", { className: "mk-charts" },
      chartBlock("Sign-ups by role", "Role", "bar", Object.keys(m.signups.byRole),
        [{ label: "People", data: Object.values(m.signups.byRole) }]),
      chartBlock("Sign-ups by department", "Department", "bar", Object.keys(m.signups.byDepartment),
        [{ label: "People", data: Object.values(m.signups.byDepartment) }]),
      chartBlock("Match scores", "Score", "bar", m.matching.scoreBuckets.map((b) => `${b.low}–${b.high}`),
        [{ label: "Pairs", data: m.matching.scoreBuckets.map((b) => b.count) }]),
      chartBlock("Training completed, by module", "Module", "bar", Object.keys(m.training.completionsByModule),
        [{ label: "Participants", data: Object.values(m.training.completionsByModule) }]),
      chartBlock("Satisfaction over time (1–5)", "Survey window", "line", rated.map(label),
        [{ label: "Satisfaction", data: rated.map((w) => w.satisfaction) }], { max: 5 }),
      chartBlock("NPS over time", "Survey window", "line", rated.map(label), [{ label: "NPS", data: rated.map((w) => w.nps) }]),
      chartBlock("Response rates", "Survey window", "bar", windows.map(label),
        [{ label: "Answered", data: windows.map((w) => (w.responseRate === null ? null : Math.round(w.responseRate * 100))) }],
        { percent: true, max: 100 })));
}

// Surveys: windows, reminders, results -------------------------------------------------
function resultsView(program, survey, found) {
  const csv = button("Download results (CSV)", () => download(
    `/programs/${program.programId}/surveys/${survey.surveyId}/results?format=csv`,
    `${program.programId}-${survey.surveyId}-results.csv`).catch(failed));
  if (found.suppressed) {
    return el("div", { className: "mk-results" }, el("h3", { textContent: `Results: ${survey.title}` }),
      el("p", { textContent: `${found.respondents} answered so far. Results show from ${found.minGroup} respondents, `
        + "so that nobody can be singled out." }));
  }
  const parts = [el("h3", { textContent: `Results: ${survey.title}` }),
    el("p", { textContent: `${found.respondents} respondents.` }), el("p", {}, csv)];
  for (const q of found.questions) {
    parts.push(el("h4", { textContent: q.label }));
    if (q.suppressed) {
      parts.push(el("p", { textContent: `${q.answered} answered: fewer than ${found.minGroup}, so not shown.` }));
      continue;
    }
    const facts = [q.mean !== null ? `mean ${q.mean}` : null, q.nps !== null ? `NPS ${q.nps}` : null,
      `${q.answered} answered`].filter(Boolean).join(" · ");
    parts.push(el("p", { textContent: facts }));
    if (q.counts) {
      const most = Math.max(1, ...Object.values(q.counts));
      const rows = Object.entries(q.counts).map(([answer, count]) => el("tr", {},
        el("td", { textContent: answer }), el("td", { textContent: String(count) }),
        el("td", {}, el("span", { className: "mk-bar", style: `width:${(count / most) * 100}%` }))));
      parts.push(el("table", { className: "mk-table mk-histogram" },
        el("caption", { textContent: q.label }),
        el("thead", {}, el("tr", {}, ...["Answer", "Count", "Share"].map((h) => el("th", { scope: "col", textContent: h })))),
        el("tbody", {}, ...rows)));
    }
    if (q.texts) parts.push(el("ul", { className: "mk-texts" }, ...q.texts.map((t) => el("li", { textContent: t }))));
  }
  return el("div", { className: "mk-results" }, ...parts);
}

async function surveyRow(program, survey, panel) {
  const windows = await api(`/programs/${program.programId}/surveys/${survey.surveyId}/windows`);
  const open = windows.find((w) => w.status === "open");
  const base = `/programs/${program.programId}/surveys/${survey.surveyId}`;
  const refresh = (message) => openProgram(program, message);
  const actions = el("td", {});
  if (open) {
    actions.append(
      button("Send reminders", () => api(`${base}/reminders`, { method: "POST" })
        .then((r) => say(r.message)).catch(failed)),
      " ",
      button("Close", () => api(`${base}/windows/${open.windowId}/close`, { method: "POST" })
        .then(() => refresh(`${survey.title} is closed.`)).catch(failed)));
  } else {
    const id = `mk-closes-${survey.surveyId}`;
    const date = el("input", { type: "date", id, value: new Date(Date.now() + 14 * 864e5).toISOString().slice(0, 10) });
    actions.append(el("label", { htmlFor: id, textContent: "Open until " }), date, " ",
      button("Open", () => api(`${base}/windows`, { method: "POST",
        body: { closesAt: new Date(`${date.value}T23:59:59`).toISOString() } })
        .then(() => refresh(`${survey.title} is open until ${date.value}.`)).catch(failed), true));
  }
  actions.append(" ", button("Results", () => api(`${base}/results`)
    .then((found) => panel.replaceChildren(resultsView(program, survey, found))).catch(failed)));
  if (!survey.anonymous) {
    actions.append(" ", button("Named answers (CSV)", () => download(`${base}/responses?format=csv`,
      `${program.programId}-${survey.surveyId}-answers.csv`).catch(failed)));
  }
  const latest = open ?? windows[windows.length - 1];
  return el("tr", {},
    el("th", { scope: "row", textContent: survey.title }),
    el("td", { textContent: `${survey.anonymous ? "anonymous" : "named"}, ${survey.audience}` }),
    el("td", { textContent: open ? `open until ${day(open.closesAt)}` : latest ? "closed" : "never opened" }),
    el("td", { textContent: latest ? `${latest.responses} of ${latest.eligible}` : "–" }),
    actions);
}

async function surveysSection(program, surveys) {
  const panel = el("div", { className: "mk-dashboard__results", "aria-live": "polite" });
  const rows = [];
  // One after the other: the local API emulator runs handlers in one process, like one sandbox.
  for (const survey of surveys) rows.push(await surveyRow(program, survey, panel));
  return el("section", { className: "mk-dashboard__surveys" }, el("h2", { textContent: "Surveys" }),
    el("div", { className: "md-typeset__scrollwrap" }, el("table", { className: "mk-table" },
      el("caption", { textContent: "Survey windows" }),
      el("thead", {}, el("tr", {}, ...["Survey", "Kind", "Window", "Answered", "Actions"]
        .map((h) => el("th", { scope: "col", textContent: h })))),
      el("tbody", {}, ...rows))),
    panel);
}

let area = null;
let surveyList = [];
async function openProgram(program, message = "") {
  say(`Loading ${program.name}…`);
  try {
    const metrics = await api(`/programs/${program.programId}/metrics`);
    charts.splice(0).forEach((chart) => chart.destroy());
    area.replaceChildren(metricsSection(program, metrics), await surveysSection(program, surveyList));
    say(message);
  } catch (error) {
    failed(error);
  }
}

async function start() {
  const user = currentUser();
  if (!user) {
    root.replaceChildren(el("p", { textContent: "Sign in as a coordinator to see the dashboard." }),
      button("Sign in", () => signIn(), true));
    return;
  }
  if (!user.isCoordinator) {
    root.replaceChildren(el("p", { textContent:
      "This dashboard is for program coordinators. Ask your mentoring lead to add you to the coordinators group." }));
    return;
  }
  const programs = await api("/programs");
  surveyList = await api("/surveys");
  const select = el("select", { id: "mk-dashboard-program" },
    el("option", { value: "", textContent: "Choose a program…" }),
    ...programs.map((p) => el("option", { value: p.programId, textContent: p.name })));
  area = el("div", { className: "mk-dashboard__program" });
  select.addEventListener("change", () => {
    const program = programs.find((p) => p.programId === select.value);
    if (program) openProgram(program);
    else area.replaceChildren();
  });
  root.replaceChildren(el("div", { className: "mk-field" },
    el("label", { htmlFor: "mk-dashboard-program", textContent: "Program" }), select), status, area);
  const wanted = new URLSearchParams(location.search).get("program");
  if (wanted && programs.some((p) => p.programId === wanted)) {
    select.value = wanted;
    select.dispatchEvent(new Event("change"));
  }
}

start().catch(failed);
