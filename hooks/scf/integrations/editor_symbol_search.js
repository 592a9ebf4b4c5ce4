// The symbol picker's search: the catalogue's own (hooks/scf/content/symbols.py, Catalogue.search),
// so the editor finds what `scf symbols` prints, in the same order; tests/test_editor_pictures.py
// runs both on the same words. Copied to admin/symbol-search.js; node can require it.
(function (exports) {
  "use strict";
  // Words that say nothing about a picture: "my family" looks for `family`.
  var STOP = Object.create(null);  // sets of words are objects without a prototype: "constructor" is a word
  ("a an and are as at be by for from he her his i in is it its me my of on or our she " +
   "so that the their them they this to us was we were what when who will with you your")
    .split(" ").forEach(function (word) { STOP[word] = true; });
  var WORD = /[a-z0-9]+/g, VARIANT = /^(\d+[a-z]?|[a-z])$/;
  var ENDS = ["ies", "ing", "ers", "er", "es", "ed", "s", "y"];

  function wordsOf(text) {
    return (text.toLowerCase().replace(/_/g, " ").match(WORD) || []).filter(function (w) { return !STOP[w]; });
  }

  function stem(word) {
    for (var i = 0; i < ENDS.length; i++) {
      var end = ENDS[i];
      if (word.slice(-end.length) === end && word.length - end.length >= (end.indexOf("r") >= 0 ? 4 : 3)) {
        return word.slice(0, -end.length);
      }
    }
    return word;
  }

  function set(list) {
    var out = Object.create(null);
    list.forEach(function (item) { out[item] = true; });
    return out;
  }

  // What the search compares, worked out once for the index's symbols (all of the set's, as
  // the catalogue's): each symbol's words and stems, and how rare each stem is among them
  // ("person" names many symbols, so it says less than "speaking").
  function prepare(symbols) {
    var counts = Object.create(null);
    var items = symbols.map(function (symbol) {
      var name = (symbol.name.toLowerCase().match(WORD) || [])
        .filter(function (w) { return w !== "to" && !VARIANT.test(w); });
      var tags = symbol.tags.split(" ").filter(Boolean);
      Object.keys(set(name.concat(tags).map(stem))).forEach(function (s) { counts[s] = (counts[s] || 0) + 1; });
      return { symbol: symbol, name: name, nameSet: set(name), nameStems: set(name.map(stem)),
               tags: set(tags), tagStems: set(tags.map(stem)), category: set(wordsOf(symbol.category)),
               lower: symbol.name.toLowerCase() };
    });
    var rarity = Object.create(null);
    Object.keys(counts).forEach(function (s) { rarity[s] = 1 + Math.log(symbols.length / counts[s]); });
    return { items: items, rarity: rarity };
  }

  function score(item, wanted, stems, rarity) {
    var total = 0;
    wanted.forEach(function (word, i) {
      var weight = rarity[stems[i]] || 1;
      if (item.nameSet[word]) total += 4 * weight;
      else if (item.nameStems[stems[i]]) total += 3 * weight;
      else if (item.tags[word]) total += 2 * weight;
      else if (item.tagStems[stems[i]]) total += 1.5 * weight;
      else if (item.category[word]) total += 1;
    });
    var said = set(wanted), saidStems = set(stems);
    if (total && item.name.length && item.name.every(function (w) { return said[w] || saidStems[stem(w)]; })) {
      total += 2;  // the name says nothing the words do not: `family` for "my family"
    }
    return Number(total.toFixed(3));
  }

  // The best `limit` symbols for the words, best first, of those the site can publish (the
  // index gives them an address, `src`).
  function search(prepared, text, limit) {
    var wanted = wordsOf(text), stems = wanted.map(stem), found = [];
    if (!wanted.length) return [];
    prepared.items.forEach(function (item) {
      var points = score(item, wanted, stems, prepared.rarity);
      if (points > 0) found.push({ item: item, score: points });
    });
    found.sort(function (a, b) {
      return b.score - a.score || a.item.symbol.name.length - b.item.symbol.name.length ||
        (a.item.lower < b.item.lower ? -1 : a.item.lower > b.item.lower ? 1 : 0);
    });
    return found.filter(function (f) { return f.item.symbol.src; }).slice(0, limit)
      .map(function (f) { return f.item.symbol; });
  }

  exports.scfSymbolSearch = { prepare: prepare, search: search };
})(typeof module === "object" && module.exports ? module.exports : window);
