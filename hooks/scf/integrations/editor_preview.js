// The web editor's preview pane, drawn like the site: its own stylesheets, and easy read
// bodies as the site's rows (a picture beside each idea). Copied to admin/preview.js by
// hooks/scf/integrations/editor.py; CMS, its `h` (React.createElement) and `createClass` come from
// decap-cms.js, the pictures from picker.js.
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

  // The rows of an easy read body, as hooks/scf/views/easyread.py reads them: a line that is only
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

  // The row's picture as the page draws it: a symbol or a file as a picture, a theme icon in
  // the text's colour (the site inlines its SVG; here the same file is the mask of a box).
  // picker.js knows the symbols and the icons the site's rows use (admin/pictures.json).
  function picture(block, props) {
    if (!block.alt && !block.src) return null;
    var known = window.scfPictures.picture(block.src);
    if (known && known.kind === "icon") {
      var mask = "url(\"" + known.address + "\") center / contain no-repeat";
      return h("div", { className: "scf-row__picture" }, h("span", {
        className: "scf-row__icon scf-preview-icon", role: "img", "aria-label": block.alt,
        style: { display: "block", aspectRatio: "1", background: "currentColor", mask: mask, WebkitMask: mask },
      }));
    }
    if (known) {  // as easyread.py draws it: an <img> of the class the site styles
      return h("div", { className: "scf-row__picture" },
        h("img", { className: "scf-row__symbol", src: known.address, alt: block.alt }));
    }
    if (/^(symbol:|:)/.test(block.src)) {  // not known (yet): its description, as a box
      return h("div", { className: "scf-row__picture" }, h("span", { className: "scf-preview-missing" },
        block.alt + (window.scfPictures.loaded() ? " (" + block.src + " is not known)" : "")));
    }
    var asset = props.getAsset(block.src);
    return h("div", { className: "scf-row__picture" }, h("img", { src: asset ? asset.toString() : block.src, alt: block.alt }));
  }

  var EasyRead = window.createClass({
    componentDidMount: function () {
      var self = this;
      window.scfPictures.load().then(function () { self.forceUpdate(); }, function () {});
    },
    render: function () {
      var props = this.props, body = props.entry.getIn(["data", "body"]) || "";
      var drawn = rows(body).map(function (block, i) {
        if (block.heading) return h("h" + block.level, { key: i }, block.heading);
        if (!block.alt && !block.src) return h("p", { key: i }, block.text.join(" "));
        return h("div", { key: i, className: "scf-row" }, picture(block, props),
          h("div", { className: "scf-row__text" }, h("p", {}, block.text.join(" "))));
      });
      return h("div", { className: "scf-easy-read" }, article(props, drawn));
    },
  });

  ["posts", "pages", "case-studies"].forEach(function (name) { CMS.registerPreviewTemplate(name, Standard); });
  ["easy-read", "easy-read-posts"].forEach(function (name) { CMS.registerPreviewTemplate(name, EasyRead); });
})();
