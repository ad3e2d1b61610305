// Two gaps in the theme's own markup that keyboard and screen-reader users meet (axe's rules
// scrollable-region-focusable and landmark-unique), closed as the boxes appear: the theme wraps
// tables and code blocks at start-up, and our pages add tables later.
// - A table box that scrolls sideways takes keyboard focus, so arrow keys can scroll it, and is a
//   region named after its section; when it fits again it is plain text once more.
// - The bar holding a code block's copy button is a <nav>, one per block, all unnamed: it is not
//   navigation, so it stops being a landmark.

const TABLE_BOX = ".md-typeset__scrollwrap";
const CODE_BAR = ".md-code__nav";

function section(box) {
  const headings = [...document.querySelectorAll(".md-content :is(h1, h2, h3)")]
    .filter((h) => h.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING);
  const heading = headings.at(-1);
  return heading ? heading.textContent.replace(/¶\s*$/, "").trim() : document.title;
}

function reachable(box) {
  const scrolls = box.scrollWidth > box.clientWidth;
  if (scrolls) {
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", `Table: ${section(box)}`);
  } else {
    for (const name of ["tabindex", "role", "aria-label"]) box.removeAttribute(name);
  }
}

const sizes = new ResizeObserver((entries) => entries.forEach(({ target }) => reachable(target)));

function* within(element, selector) {
  if (element.matches(selector)) yield element;
  yield* element.querySelectorAll(selector);
}

function fix(element) {
  for (const box of within(element, TABLE_BOX)) sizes.observe(box);
  for (const bar of within(element, CODE_BAR)) bar.setAttribute("role", "none");
}

/** Watch the page from now on; a box already there is fixed at once. */
export function watchThemeBoxes() {
  fix(document.documentElement);
  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (node instanceof Element) fix(node);
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
}
