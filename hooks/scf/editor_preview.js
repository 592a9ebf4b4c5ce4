// The web editor's preview pane, drawn like the site: its own stylesheets, and easy read
// bodies as the site's rows (a picture beside each idea). Copied to admin/preview.js by
// hooks/scf/editor.py; CMS and its `h` (React.createElement) come from decap-cms.js.
(function () {
  "use strict";
  var styles = (document.currentScript.dataset.styles || "").split(" ").filter(Boolean);
  styles.forEach(function (href) { CMS.registerPreviewStyle(href); });
  var h = window.h;

  function article(props, inner) {
    var title = props.entry.getIn(["data", "title"]);
    return h("div", { className: "md-content" },
      h("article", { className: "md-content__inner md-typeset" }, h("h1", {}, title), inner));
  }

  // A post's picture (`image`) above its text, as overrides/post.html draws it.
  function Standard(props) {
    var image = props.entry.getIn(["data", "image"]), asset = image && props.getAsset(image);
    var figure = image ? h("figure", { className: "scf-post-picture" },
      h("img", { src: asset ? asset.toString() : image, alt: props.entry.getIn(["data", "image_alt"]) || "" })) : null;
    return article(props, h("div", {}, figure, props.widgetFor("body")));
  }

  // The rows of an easy read body, as hooks/scf/easyread.py reads them: a line that is only
  // a picture, ![alt](src), starts a row; a heading stands alone; the other lines are text.
  var PICTURE = /^!\[([^\]]*)\]\(([^)]*)\)\s*$/;
  function rows(body) {
    var blocks = [], current = null;
    body.split("\n").forEach(function (line) {
      var picture = line.trim().match(PICTURE), heading = line.match(/^(#{2,6})\s+(.*)$/);
      if (picture) {
        current = { alt: picture[1], src: picture[2], text: [] };
        blocks.push(current);
      } else if (heading) {
        blocks.push({ heading: heading[2], level: heading[1].length });
        current = null;
      } else if (line.trim()) {
        if (!current) { current = { text: [] }; blocks.push(current); }
        current.text.push(line.trim());
      } else if (current && !current.alt) {
        current = null;
      }
    });
    return blocks;
  }

  function picture(block, props) {
    if (!block.alt && !block.src) return null;
    if (/^(symbol:|:)/.test(block.src)) {  // a symbol or an icon: the site draws it; here, its description
      return h("div", { className: "scf-row__picture" }, h("span", { className: "scf-preview-icon" }, block.alt));
    }
    var asset = props.getAsset(block.src);
    return h("div", { className: "scf-row__picture" }, h("img", { src: asset ? asset.toString() : block.src, alt: block.alt }));
  }

  function EasyRead(props) {
    var body = props.entry.getIn(["data", "body"]) || "";
    var drawn = rows(body).map(function (block, i) {
      if (block.heading) return h("h" + block.level, { key: i }, block.heading);
      if (!block.alt && !block.src) return h("p", { key: i }, block.text.join(" "));
      return h("div", { key: i, className: "scf-row" }, picture(block, props),
        h("div", { className: "scf-row__text" }, h("p", {}, block.text.join(" "))));
    });
    return h("div", { className: "scf-easy-read" }, article(props, drawn));
  }

  ["posts", "pages", "case-studies"].forEach(function (name) { CMS.registerPreviewTemplate(name, Standard); });
  ["easy-read", "easy-read-posts"].forEach(function (name) { CMS.registerPreviewTemplate(name, EasyRead); });
})();
