/* Copy: adds a "Copy the text" button beside the pledge's words. Without JavaScript, or
   where the browser cannot copy, there is no button and the words stay selectable. */
(function () {
  "use strict";
  var box = document.getElementById("scf-pledge-text");
  var status = document.querySelector(".scf-copy-status");
  if (!box || !status || !navigator.clipboard) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-button";
  button.textContent = "Copy the text";
  box.insertAdjacentElement("afterend", button);
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(box.value).then(function () {
      status.textContent = "Copied. Paste it where you want to share it.";
    }, function () {
      box.select();
      status.textContent = "Your browser did not let us copy. The text is selected: copy it yourself.";
    });
  });
})();
