// My mentoring: the matches a coordinator has published for you, with who, how to reach them and why.
import { api, ApiError } from "./api.js";
import { currentUser, signIn } from "./auth.js";
import { el } from "./dom.js";
import { dateText } from "./dates.js";

const root = document.querySelector("[data-mk-matches]");
const article = (role) => (role === "mentee" ? "a mentee" : role === "mentor" ? "a mentor" : "a peer");

function card(match) {
  const reach = el("a", { href: `mailto:${match.partnerEmail}`, textContent: match.partnerEmail });
  const reasons = el("ul", {}, ...match.reasons.map((r) => el("li", { textContent: r })));
  return el("article", { className: "mk-match" },
    el("h3", { textContent: match.programName }),
    el("p", {}, `You take part as ${article(match.role)}. Your ${match.partnerRole}: `, reach, "."),
    el("p", { textContent: "Why you were matched:" }), reasons,
    el("p", { className: "mk-help", textContent:
      `Published ${dateText(match.publishedAt)}. Say hello within a week and agree a first meeting.` }));
}

async function show() {
  if (!currentUser()) {
    const button = el("button", { type: "button", className: "md-button", textContent: "Sign in to see your matches" });
    button.addEventListener("click", () => signIn());
    root.replaceChildren(button);
    return;
  }
  root.replaceChildren(el("p", { role: "status", textContent: "Loading your matches…" }));
  try {
    const { matches, waiting } = await api("/me/matches");
    const notes = waiting.map((w) => el("article", { className: "mk-match" }, el("h3", { textContent: w.programName }),
      el("p", { textContent: `No partner for you in this round. ${w.reason}` }), el("p", { textContent: w.nextSteps })));
    root.replaceChildren(...(matches.length || notes.length ? [...matches.map(card), ...notes]
      : [el("p", { textContent: "No match has been published for you yet. You will get an e-mail when it is." })]));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    root.replaceChildren(el("p", { role: "status", textContent: `Your matches could not be loaded: ${error.message}` }));
  }
}

show();
