// /auth/callback/: finish the sign-in and return to the page the person came from.
import { completeSignIn } from "./auth.js";

completeSignIn().catch((error) => {
  const box = document.querySelector("[data-mk-callback]");
  box.textContent = error.message;
  box.setAttribute("role", "alert");
});
