// Sign-in: OAuth 2.0 authorization code with PKCE against Cognito (or the local issuer).
//
// Where the ID token lives, and why: in this tab's sessionStorage, mirrored in memory.
// Never localStorage: a token there outlives the tab and the browser session, is shared with every
// tab and stays on disk, so one script injected on any page of this origin, days later, could
// still read a live token. sessionStorage ends with the tab and is not shared; the trade-off is
// that a new tab or a reopened browser asks the person to sign in again (a quick redirect while
// the Cognito session lasts). Memory alone would be safer still, but every page load of this
// multi-page site would then mean a sign-in redirect. Any script on the origin can still read
// sessionStorage while the tab is open: the Content-Security-Policy (no inline scripts but the
// hashed ones, no third-party scripts) is what keeps such scripts out.
import { config } from "./config.js";

const TOKEN = "mentorkit.idToken";
const PENDING = "mentorkit.signIn";
let memory = null;   // when sessionStorage is unavailable (private modes, storage blocked)

function stored() {
  try {
    return sessionStorage.getItem(TOKEN);
  } catch {
    return memory;
  }
}

function keep(value) {
  memory = value;
  try {
    if (value) sessionStorage.setItem(TOKEN, value);
    else sessionStorage.removeItem(TOKEN);
  } catch {
    // memory only
  }
  // Tokens from before this change: never leave one in localStorage.
  try { localStorage.removeItem(TOKEN); } catch { /* storage blocked */ }
}

const b64url = (bytes) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

function claims(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  } catch {
    return null;
  }
}

function parseGroups(value) {
  if (Array.isArray(value)) return value;
  return value ? String(value).replace(/[[\]]/g, "").split(/[\s,]+/).filter(Boolean) : [];
}

export function token() {
  const value = stored();
  const c = value && claims(value);
  if (!c || c.exp * 1000 < Date.now() + 30_000) {
    if (value) forgetToken();
    return null;
  }
  return value;
}

// The session is over (expired, or refused by the API): forget the token and tell the page.
export function forgetToken() {
  keep(null);
  document.dispatchEvent(new CustomEvent("mk:signed-out"));
}

export function currentUser() {
  const value = token();
  if (!value) return null;
  const c = claims(value);
  const groups = parseGroups(c["cognito:groups"]);
  return { sub: c.sub, email: c.email, groups, isCoordinator: groups.includes("coordinators") };
}

const callbackUrl = () => new URL("/auth/callback/", location.origin).href;

export async function signIn(returnTo = location.href) {
  const { auth } = await config();
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(auth.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: "code", client_id: auth.clientId, redirect_uri: callbackUrl(), scope: auth.scope,
    state, code_challenge: challenge, code_challenge_method: "S256",
  });
  location.assign(url);
}

// On /auth/callback/: trade the code for tokens, then go back where the person started.
export async function completeSignIn() {
  const params = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || "null");
  sessionStorage.removeItem(PENDING);
  if (!pending || params.get("state") !== pending.state || !params.get("code")) {
    throw new Error("This sign-in link has expired or was already used. Please sign in again.");
  }
  const { auth } = await config();
  const response = await fetch(auth.tokenUrl, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code", client_id: auth.clientId, code: params.get("code"),
      redirect_uri: callbackUrl(), code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error("Sign-in failed. Please try again.");
  keep((await response.json()).id_token);
  const back = new URL(pending.returnTo || "/", location.origin);
  location.replace(back.origin === location.origin ? back : "/");
}

export async function signOut() {
  keep(null);
  const { auth } = await config();
  if (auth.logoutUrl) {
    const url = new URL(auth.logoutUrl);
    url.search = new URLSearchParams({ client_id: auth.clientId, logout_uri: new URL("/", location.origin).href });
    location.assign(url);
  } else {
    location.reload();
  }
}
