// The web editor's symbol picker: an "Easy read row" in the Text box (a Decap editor
// component), whose Picture field finds symbols by word and shows them as pictures.
// Copied to admin/picker.js by hooks/scf/integrations/editor.py and loaded after decap-cms.js (CMS,
// its `h` and `createClass`) and symbol-search.js (the catalogue's search); admin/pictures.json,
// written by hooks/scf/integrations/editor_pictures.py, lists every symbol of the set (name, tags,
// category, file) and the theme icons the site's rows use.
// preview.js draws rows with window.scfPictures.
(function () {
  "use strict";
  var h = window.h, base = document.currentScript.src;
  var LIMIT = 24;  // pictures shown at once: only those are fetched (and lazily)

  // -- the index: loaded once, on first use -------------------------------------------------

  var index = null, loading = null, prepared = null, symbolsByName = Object.create(null);
  function load() {
    if (!loading) {
      loading = fetch(new URL("pictures.json", base).href, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("pictures.json: " + response.status);
          return response.json();
        })
        .then(function (data) {
          prepared = window.scfSymbolSearch.prepare(data.symbols);
          data.symbols.forEach(function (symbol) { if (symbol.src) symbolsByName[symbol.name] = symbol; });
          index = data;
          return data;
        });
    }
    return loading;
  }

  function search(query, limit) {
    return index ? window.scfSymbolSearch.search(prepared, query, limit) : [];
  }

  function label(name) {  // "talk_1_,_to" -> "talk 1, to"
    return name.replace(/_/g, " ").replace(/\s+,/g, ",").replace(/\s+/g, " ").trim();
  }

  var SYMBOL = /^symbol:(.+)$/, ICON = /^:([a-z0-9]+(?:-[a-z0-9]+)+):$/;

  // What a row's picture (`symbol:NAME`, `:icon-name:` or a file) looks like, or null when
  // the index does not know it: { kind, address, name }.
  function picture(src) {
    var symbol = SYMBOL.exec(src || ""), icon = ICON.exec(src || "");
    if (symbol) {
      var known = symbolsByName[symbol[1]];
      return known ? { kind: "symbol", name: known.name, address: new URL(known.src, base).href } : null;
    }
    if (icon) {
      var file = index && index.icons[icon[1]];
      return file ? { kind: "icon", name: icon[1], address: new URL(file, base).href } : null;
    }
    return null;
  }

  window.scfPictures = { load: load, picture: picture, loaded: function () { return !!index; } };

  // -- the Picture field: a search box and the matching symbols ----------------------------

  var SymbolControl = window.createClass({
    getInitialState: function () { return { query: "", matches: [], ready: !!index, failed: false }; },
    componentDidMount: function () {
      var self = this;
      load().then(function () { self.setState({ ready: true }); },
        function () { self.setState({ failed: true }); });
    },
    find: function (event) {
      var query = event.target.value;
      this.setState({ query: query, matches: search(query, LIMIT) });
    },
    choose: function (name) { this.props.onChange("symbol:" + name); },
    render: function () {
      var self = this, props = this.props, value = props.value || "", chosen = picture(value);
      var id = props.forID, status = id + "-status";
      var current = value ? h("p", { className: "scf-picker__chosen" },
        chosen ? h("img", { src: chosen.address, alt: "", width: 48, height: 48 }) : null,
        "Chosen: ", h("strong", {}, chosen && chosen.kind === "symbol" ? label(chosen.name) : value)) : null;
      var message = this.state.failed ? "The list of symbols could not be loaded. Reload the page to try again."
        : !this.state.ready ? "Loading the symbols…"
        : !this.state.query.trim() ? "Type a word, for example family, home or talk."
        : this.state.matches.length === LIMIT ? "The best " + LIMIT + " pictures for “" + this.state.query.trim() +
          "”. Choose one, or add a word to see others."
        : this.state.matches.length ? this.state.matches.length + " pictures for “" + this.state.query.trim() + "”. Choose one."
        : "No symbol for “" + this.state.query.trim() + "”. Try another word.";
      return h("div", { className: "scf-picker" },
        current,
        h("input", {
          id: id, type: "search", value: this.state.query, autoComplete: "off",
          className: props.classNameWrapper, placeholder: "Type a word to find a symbol",
          "aria-describedby": status,
          disabled: !this.state.ready,
          onChange: this.find,
          onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle,
          onKeyDown: function (event) { if (event.key === "Enter") event.preventDefault(); },
        }),
        h("p", { id: status, className: "scf-picker__status", role: "status" }, message),
        h("ul", { className: "scf-picker__matches" }, this.state.matches.map(function (symbol) {
          var pressed = value === "symbol:" + symbol.name;
          return h("li", { key: symbol.name },
            h("button", {
              type: "button", className: "scf-picker__match", "aria-pressed": pressed ? "true" : "false",
              title: symbol.tags ? label(symbol.name) + ": " + symbol.tags : label(symbol.name),
              onClick: function () { self.choose(symbol.name); },
            },
            h("img", { src: new URL(symbol.src, base).href, alt: "", loading: "lazy", width: 80, height: 80 }),
            h("span", {}, label(symbol.name))));
        })));
    },
  });

  function SymbolPreview(props) {
    var chosen = picture(props.value);
    return chosen ? h("img", { src: chosen.address, alt: "" }) : h("span", {}, props.value || "");
  }

  CMS.registerWidget("scf-symbol", SymbolControl, SymbolPreview);

  // -- the row: a picture line, then its sentences (hooks/scf/views/easyread.py reads it) -------

  // A picture line followed at once by text lines: the row, up to its empty line.
  var ROW = /^!\[([^\]\n]*)\]\(([^()\s]+)\)((?:\n(?![ \t]*(?:#|!\[))[ \t]*\S[^\n]*)+)$/;

  function oneLine(text) { return String(text || "").replace(/[\[\]\n\r]+/g, " ").replace(/\s+/g, " ").trim(); }

  CMS.registerEditorComponent({
    id: "easy-read-row",
    label: "Easy read row",
    fields: [
      { name: "picture", label: "Picture", widget: "scf-symbol",
        hint: "Type a word for the idea and choose the symbol that shows it best." },
      { name: "alt", label: "Picture description", widget: "string",
        hint: "What the picture shows, for people who cannot see it, in words that carry the " +
          "sentence's idea: 'A family at home', not 'Icon of people'." },
      { name: "text", label: "Sentences", widget: "text", hint: "One or two short sentences for this idea." },
    ],
    pattern: ROW,
    fromBlock: function (match) {
      return { alt: match[1], picture: match[2], text: match[3].replace(/^\n/, "") };
    },
    toBlock: function (data) {
      // One line of picture, then the sentences with no empty line in them: one row.
      var text = String(data.text || "").replace(/\r/g, "").split("\n")
        .map(function (line) { return line.trim(); }).filter(Boolean).join("\n");
      return "![" + oneLine(data.alt) + "](" + (data.picture || "") + ")" + (text ? "\n" + text : "");
    },
    toPreview: function (data) {
      var chosen = picture(data.picture);
      return h("div", { className: "scf-row" },
        h("div", { className: "scf-row__picture" }, chosen ? h("img", { className: "scf-row__symbol", src: chosen.address, alt: data.alt || "" }) : null),
        h("div", { className: "scf-row__text" }, h("p", {}, data.text || "")));
    },
  });

  // Decap's own Image component takes any line that starts with a picture, which would cut a
  // row in two (picture, then its text as another paragraph). It keeps pictures that stand
  // alone; a picture with its text on the next line is a row (above).
  var image = CMS.getEditorComponents().get("image");
  if (image) {
    CMS.registerEditorComponent(Object.assign({}, image, {
      fields: image.fields.toJS(),
      pattern: /^!\[([^\]]*)\]\((.*?)(\s"([^"]*)")?\)(?!\n[ \t]*\S)/,
    }));
  }
})();
