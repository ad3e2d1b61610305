// Where the API and the sign-in live: /config.json, written by the local stack or by `make deploy`.
let loaded;

export function config() {
  loaded ??= fetch(new URL("/config.json", location.origin)).then((r) => {
    if (!r.ok) throw new Error(`config.json: ${r.status}`);
    return r.json();
  });
  return loaded;
}
