/* Print: a button beside Listen that opens the browser's print dialogue. The page prints as
   an easy read document (easy-read.css, @media print). Without scripts there is no button,
   and a line in the page (noscript) says how to print. */
(function () {
  "use strict";
  var article = document.querySelector("article.md-content__inner");
  if (!article || typeof window.print !== "function") return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-button scf-print";
  button.textContent = "Print";
  button.addEventListener("click", function () { window.print(); });
  // Beside Listen when listen.js added it (it runs first: both are deferred, in order).
  var listen = article.querySelector(".scf-listen");
  var heading = article.querySelector("h1");
  var after = listen || heading;
  article.insertBefore(button, after ? after.nextSibling : article.firstChild);
})();
