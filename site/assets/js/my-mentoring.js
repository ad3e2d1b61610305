// My mentoring: your sign-ups, and deleting everything about you.
import { api } from "./api.js";
import { currentUser, signIn } from "./auth.js";
import { el } from "./dom.js";
import { dateText } from "./dates.js";

const root = document.querySelector("[data-mk-mine]");

async function signups(box) {
  const mine = await api("/me/signups");
  if (!mine.length) {
    box.replaceChildren(el("p", {}, "You have not signed up for a program yet. ",
      el("a", { href: "../signup/", textContent: "Sign up" }), "."));
    return;
  }
  const names = Object.fromEntries((await api("/programs")).map((p) => [p.programId, p.name]));
  const list = el("ul");
  for (const s of mine) {
    const state = s.status === "withdrawn" ? "withdrawn" : `as a ${s.role}`;
    list.append(el("li", {}, el("a", { href: `../signup/?program=${encodeURIComponent(s.programId)}`,
      textContent: names[s.programId] ?? s.programId }), ` — ${state}, last changed ${dateText(s.updatedAt)}`));
  }
  box.replaceChildren(list);
}

function deleteControls(box) {
  const status = el("p", { role: "status" });
  const start = el("button", { type: "button", className: "md-button", textContent: "Delete my data" });
  const confirm = el("button", { type: "button", className: "md-button md-button--primary", hidden: true,
    textContent: "Yes, delete everything about me" });
  const cancel = el("button", { type: "button", className: "md-button", hidden: true, textContent: "Cancel" });
  const toggle = (asking) => {
    start.hidden = asking;
    confirm.hidden = cancel.hidden = !asking;
    status.textContent = asking
      ? "This deletes your sign-ups, matches, training records and survey links in every program. It cannot be undone."
      : "";
    (asking ? confirm : start).focus();
  };
  start.addEventListener("click", () => toggle(true));
  cancel.addEventListener("click", () => toggle(false));
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    const { deleted } = await api("/me", { method: "DELETE" });
    confirm.hidden = cancel.hidden = true;
    status.textContent = `Done: ${deleted} record${deleted === 1 ? "" : "s"} about you deleted.`;
    document.dispatchEvent(new CustomEvent("mk:data-deleted"));
  });
  box.replaceChildren(el("p", {}, start, " ", confirm, " ", cancel), status);
}

async function main() {
  const user = currentUser();
  if (!user) {
    const button = el("button", { type: "button", className: "md-button md-button--primary",
      textContent: "Sign in to see your mentoring" });
    button.addEventListener("click", () => signIn());
    root.replaceChildren(button);
    return;
  }
  const list = el("div", {}, el("p", { textContent: "Loading…" }));
  const deleting = el("div");
  root.replaceChildren(el("p", { textContent: `Signed in as ${user.email}.` }),
    el("h2", { textContent: "Your sign-ups" }), list,
    el("h2", { textContent: "Delete my data" }), deleting);
  deleteControls(deleting);
  document.addEventListener("mk:data-deleted", () => signups(list));
  await signups(list);
}

main().catch((error) => {
  root.replaceChildren(el("p", { className: "mk-error", role: "alert", textContent: error.message }));
});
