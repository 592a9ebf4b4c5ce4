// The search page (overrides/search.html). Pagefind and its index are fetched only when
// someone searches, so no other page pays for search.
(() => {
  const form = document.querySelector("form.scf-search");
  if (!form) return;
  const input = form.elements.q;
  const status = document.getElementById("scf-search-status");
  const list = document.getElementById("scf-search-results");
  const more = document.getElementById("scf-search-more");
  const root = new URL(form.dataset.root, location.href);
  const PAGE = 20; // results shown at a time
  let pagefind = null; // a promise of Pagefind, with every bundle merged
  let found = [];
  let shown = 0;

  // A big site's index is in several bundles (hooks/scf/outputs/search.py), all on this site:
  // the first bundle's script merges the others, so one search covers them all.
  async function load() {
    const loaded = await import(new URL(form.dataset.pagefind, location.href).href);
    const parts = (form.dataset.parts || "").split(" ").filter(Boolean);
    await Promise.all(parts.map((part) => loaded.mergeIndex(new URL(part, location.href).href)));
    return loaded;
  }

  async function showMore() {
    const batch = await Promise.all(found.slice(shown, shown + PAGE).map((result) => result.data()));
    for (const result of batch) {
      const link = document.createElement("a");
      link.href = new URL(result.url.replace(/^\//, ""), root).href;
      link.textContent = result.meta.title;
      const heading = document.createElement("h2");
      heading.append(link);
      const excerpt = document.createElement("p");
      excerpt.innerHTML = result.excerpt; // our own text, escaped by Pagefind, with <mark> around the words found
      const item = document.createElement("li");
      item.append(heading, excerpt);
      list.append(item);
    }
    shown += batch.length;
    more.hidden = shown >= found.length;
  }

  async function search(query) {
    list.replaceChildren();
    more.hidden = true;
    if (!query.trim()) {
      status.textContent = "Type one or more words, then press Search.";
      return;
    }
    status.textContent = "Searching…";
    pagefind ??= load().catch((error) => { // once, however quickly the searches come; again after a failure
      pagefind = null;
      throw error;
    });
    found = (await (await pagefind).search(query)).results;
    shown = 0;
    await showMore();
    const count = found.length === 1 ? "1 page matches" : `${found.length} pages match`;
    status.textContent = found.length ? `${count} “${query}”.` : `No pages match “${query}”. Try other words.`;
  }

  function run(query) {
    search(query).catch((error) => {
      status.textContent = "Sorry, search is not working at the moment. Every post is listed in the blog archive.";
      throw error;
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    run(input.value);
  });
  more.addEventListener("click", () => {
    const next = list.children.length;
    showMore().then(() => list.children[next]?.querySelector("a")?.focus());
  });
  const query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    run(query);
  }
})();
