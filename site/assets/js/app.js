// Loaded on every page: the sign-in button in the header, then the page's own module, if any.
import { currentUser, signIn, signOut } from "./auth.js";

function headerButton() {
  const header = document.querySelector(".md-header__inner");
  if (!header || header.querySelector(".mk-auth")) return;
  const user = currentUser();
  const button = document.createElement("button");
  button.type = "button";
  button.className = "mk-auth md-header__button";
  button.textContent = user ? "Sign out" : "Sign in";
  button.title = user ? `Signed in as ${user.email}` : "Sign in with your work account";
  button.addEventListener("click", () => (user ? signOut() : signIn()));
  header.querySelector(".md-header__option, .md-search")?.before(button) ?? header.append(button);
}

const pages = {
  "[data-mk-callback]": () => import("./callback.js"),
  '[data-mk-form="signup"]': () => import("./signup.js"),
  "[data-mk-mine]": () => import("./my-mentoring.js"),
  "[data-mk-matches]": () => import("./my-matches.js"),
  "[data-mk-console]": () => import("./console.js"),
  "[data-mk-signups]": () => import("./signups-list.js"),
  "[data-mk-survey]": () => import("./survey.js"),
  "[data-mk-dashboard]": () => import("./dashboard.js"),
  "[data-mk-quiz], [data-mk-training-status]": () => import("./training.js"),
};

headerButton();
for (const [marker, load] of Object.entries(pages)) {
  if (document.querySelector(marker)) load();
}
