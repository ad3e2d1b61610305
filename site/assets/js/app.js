// Loaded on every page: who is signed in (header), coordinator links for coordinators only,
// then the page's own module, if any. The header's slot and the marks on coordinators' links are
// built into the page (site/hooks/mentorkit.py): at start-up this only fills in text and sets
// one attribute, so the page's layout is not redone.
import { currentUser, signIn, signOut } from "./auth.js";
import { watchThemeBoxes } from "./theme-access.js";

let signedIn = false;

function headerButton() {
  const who = document.querySelector(".mk-who");
  if (!who) return;
  const user = currentUser();
  signedIn = Boolean(user);
  const name = who.querySelector(".mk-who__name");
  const button = who.querySelector(".mk-auth");
  if (name) {
    name.textContent = user?.email ?? "";
    name.title = user ? `Signed in as ${user.email}` : "";
    name.hidden = !user;
  }
  button.textContent = user ? "Sign out" : "Sign in";
  button.title = user ? `Signed in as ${user.email}` : "Sign in with your work account";
  button.hidden = false;
}

// Links to coordinators' pages are hidden by CSS unless <html> says a coordinator is signed in.
function coordinatorLinks() {
  document.documentElement.toggleAttribute("data-mk-coordinator", currentUser()?.isCoordinator ?? false);
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

watchThemeBoxes();
document.querySelector(".mk-who .mk-auth")?.addEventListener("click", () => (signedIn ? signOut() : signIn()));
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
