// Build DOM nodes: el("p", { className: "x", textContent: "Hi" }, child, …). Properties, not
// attributes; null and undefined children are skipped.
export const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};
