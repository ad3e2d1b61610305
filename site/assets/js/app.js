// Loaded on every page: who is signed in (header), coordinator links for coordinators only,
// then the page's own module, if any.
import { currentUser, signIn, signOut } from "./auth.js";

// Pages only coordinators can use; their links are hidden from everyone else.
const COORDINATOR_PAGES = ["app/console/", "app/signups/"];

function headerButton() {
  const header = document.querySelector(".md-header__inner");
  if (!header) return;
  header.querySelector(".mk-who")?.remove();
  const user = currentUser();
  const button = document.createElement("button");
  button.type = "button";
  button.className = "mk-auth md-header__button";
  button.textContent = user ? "Sign out" : "Sign in";
  button.title = user ? `Signed in as ${user.email}` : "Sign in with your work account";
  button.addEventListener("click", () => (user ? signOut() : signIn()));
  const who = document.createElement("span");
  who.className = "mk-who";
  who.append(...(user ? [Object.assign(document.createElement("span"), {
    className: "mk-who__name", textContent: user.email, title: `Signed in as ${user.email}` }), button] : [button]));
  header.querySelector(".md-header__option, .md-search")?.before(who) ?? header.append(who);
}

function coordinatorLinks() {
  const coordinator = currentUser()?.isCoordinator ?? false;
  for (const link of document.querySelectorAll("a.md-nav__link[href]")) {
    const path = new URL(link.href).pathname.replace(/index\.html$/, "");
    if (COORDINATOR_PAGES.some((page) => path.endsWith(`/${page}`))) link.closest(".md-nav__item").hidden = !coordinator;
  }
}

const pages = {
  "[data-mk-callback]": () => import("./callback.js"),
  '[data-mk-form="signup"]': () => import("./signup.js"),
  "[data-mk-mine]": () => import("./my-mentoring.js"),
  "[data-mk-matches]": () => import("./my-matches.js"),
  "[data-mk-relationships]": () => import("./relationships.js"),
  "[data-mk-pairs]": () => import("./console-pairs.js"),
  "[data-mk-console]": () => import("./console.js"),
  "[data-mk-signups]": () => import("./signups-list.js"),
  "[data-mk-programs]": () => import("./programs.js"),
  "[data-mk-survey]": () => import("./survey.js"),
  "[data-mk-dashboard]": () => import("./dashboard.js"),
  "[data-mk-quiz], [data-mk-training-status]": () => import("./training.js"),
};

headerButton();
coordinatorLinks();
// An ended session (expired, or refused by the API) shows at once in the header.
document.addEventListener("mk:signed-out", () => {
  headerButton();
  coordinatorLinks();
});
for (const [marker, load] of Object.entries(pages)) {
  if (document.querySelector(marker)) load();
}
