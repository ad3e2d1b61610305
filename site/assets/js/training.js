// Training: the knowledge check on a module page, and progress marks on the training index.
// The check runs in the page first; when every answer is right, a signed-in person's answers
// go to the API, which checks them again against the same answer key before recording.
// The options of each question are shuffled on every visit, so their place says nothing.
import { api, ApiError } from "./api.js";
import { currentUser, signIn } from "./auth.js";
import { el } from "./dom.js";
import { dateText } from "./dates.js";

const PASSED = (moduleId) => `mentorkit.trainingPassed.${moduleId}`;

function trainingIndexUrl() {
  const link = document.querySelector('.md-tabs__link[href$="training/"], .md-nav__link[href$="training/"]');
  return link ? link.href : new URL("../", location.href).href;
}

// moduleId → completedAt for the signed-in person, or null when nobody is signed in.
async function completions() {
  if (!(await currentUser())) return null;
  const { completed } = await api("/me/training");
  return new Map(completed.map((c) => [c.moduleId, c.completedAt]));
}

function mark(question, state, text) {
  const feedback = question.querySelector(".mk-quiz__feedback");
  const explain = question.querySelector(".mk-quiz__explain");
  question.classList.remove("is-correct", "is-wrong");
  if (state) question.classList.add(state);
  feedback.textContent = text;
  feedback.hidden = !text;
  explain.hidden = state !== "is-correct";
  for (const input of question.querySelectorAll("input")) {
    if (state === "is-wrong") input.setAttribute("aria-describedby", feedback.id);
    else input.removeAttribute("aria-describedby");
  }
}

// Fisher-Yates: every order of the options is equally likely.
function shuffleOptions(question) {
  const options = [...question.querySelectorAll(".mk-quiz__option")];
  for (let i = options.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [options[i], options[j]] = [options[j], options[i]];
  }
  const after = question.querySelector(".mk-quiz__feedback");
  for (const option of options) question.insertBefore(option, after);
}

function setupQuiz(form) {
  const moduleId = form.dataset.mkQuiz;
  const questions = [...form.querySelectorAll(".mk-quiz__question")];
  questions.forEach(shuffleOptions);
  const result = form.querySelector(".mk-quiz__result");
  const say = (...nodes) => result.replaceChildren(...nodes);

  const completed = (completedAt) =>
    say(el("p", {}, el("strong", { textContent: "Module completed." }),
      ` Recorded on ${dateText(completedAt)}. `,
      el("a", { href: trainingIndexUrl(), textContent: "Back to all modules" })));

  // answers: question id → chosen option id, as the API checks them.
  async function record(answers) {
    if (!(await currentUser())) {
      const button = el("button", { type: "button", className: "md-button md-button--primary",
        textContent: "Sign in to record completion" });
      button.addEventListener("click", () => signIn());
      say(el("p", { textContent: "All answers are right. Sign in to record that you completed this module; "
        + "you come back to this page afterwards." }), el("p", {}, button));
      return;
    }
    say(el("p", { textContent: "All answers are right. Recording your completion…" }));
    try {
      const saved = await api(`/me/training/${encodeURIComponent(moduleId)}`,
        { method: "PUT", body: { answers } });
      sessionStorage.removeItem(PASSED(moduleId));
      completed(saved?.completedAt ?? new Date().toISOString());
    } catch (error) {
      const retry = el("button", { type: "button", className: "md-button", textContent: "Try again" });
      retry.addEventListener("click", () => record(answers));
      const why = error instanceof ApiError ? error.message : "The server could not be reached.";
      say(el("p", { textContent: `Your answers are right, but your completion was not recorded: ${why}` }),
        el("p", {}, retry));
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    let score = 0;
    let firstWrong = null;
    const answers = {};
    for (const question of questions) {
      const chosen = question.querySelector("input:checked");
      if (chosen) answers[question.dataset.question] = chosen.value;
      if (chosen && chosen.value === question.dataset.answer) {
        score += 1;
        mark(question, "is-correct", "Correct.");
      } else {
        mark(question, "is-wrong", chosen
          ? "Not quite. Reread the section and try another answer."
          : "Choose an answer.");
        firstWrong ??= question;
      }
    }
    if (firstWrong) {
      say(el("p", { textContent: `${score} of ${questions.length} right. Change the answers marked `
        + "\u201cNot quite\u201d and check again. Nothing is recorded until every answer is right." }));
      firstWrong.querySelector("input").focus();
      return;
    }
    sessionStorage.setItem(PASSED(moduleId), JSON.stringify(answers));
    record(answers);
  });

  // Back from signing in after a pass, or a module already completed: say so.
  (async () => {
    const done = await completions();
    if (!done) return;
    const passed = sessionStorage.getItem(PASSED(moduleId));
    const answers = passed ? JSON.parse(passed) : null;
    if (answers && typeof answers === "object") record(answers);
    else if (done.has(moduleId)) completed(done.get(moduleId));
  })().catch(() => {});
}

async function markIndex(spans) {
  const done = await completions();
  if (!done) return;
  for (const span of spans) {
    const completedAt = done.get(span.dataset.mkTrainingStatus);
    span.classList.toggle("is-complete", Boolean(completedAt));
    span.textContent = completedAt ? `Completed ${dateText(completedAt)}` : "Not yet";
  }
}

for (const form of document.querySelectorAll("form[data-mk-quiz]")) setupQuiz(form);
const spans = document.querySelectorAll("[data-mk-training-status]");
if (spans.length) markIndex(spans).catch(() => {});
