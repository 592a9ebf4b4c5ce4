/* Listen: reads an easy read page aloud with the browser's own speech (Web Speech API),
   highlighting the part being read. Nothing is sent to another website. Where the
   browser cannot speak, no button is added, so none is shown. */
(function () {
  "use strict";
  var speech = window.speechSynthesis;
  var article = document.querySelector("article.md-content__inner");
  if (!speech || typeof window.SpeechSynthesisUtterance !== "function" || !article) return;

  // The title, headings, each row (its picture's alt text repeats the words, so only the
  // text is read), the words to know and list items, in page order.
  var parts = article.querySelectorAll(
    "h1, h2, h3, .scf-row, .scf-words dt, .scf-words dd, article > ul > li, article > ol > li");
  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-button scf-listen";
  button.textContent = "Listen";
  var heading = article.querySelector("h1");
  article.insertBefore(button, heading ? heading.nextSibling : article.firstChild);

  var run = 0; // each start or stop begins a new run; events from older runs are ignored
  var current = null;

  function mark(part) {
    if (current) current.classList.remove("scf-reading");
    current = part;
    if (part) {
      part.classList.add("scf-reading");
      part.scrollIntoView({ block: "nearest" });
    }
  }

  function stop() {
    run += 1;
    speech.cancel();
    mark(null);
    button.textContent = "Listen";
  }

  function voice() {
    var voices = speech.getVoices ? speech.getVoices() : [];
    for (var i = 0; i < voices.length; i++) if (voices[i].lang === "en-GB") return voices[i];
    return null;
  }

  function read(index, mine) {
    if (mine !== run) return;
    if (index >= parts.length) return stop();
    var part = parts[index];
    var text = (part.querySelector(".scf-row__text") || part).textContent.replace(/\s+/g, " ").trim();
    if (!text) return read(index + 1, mine);
    mark(part);
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "en-GB";
    utterance.rate = 0.9;
    utterance.voice = voice();
    utterance.onend = function () { read(index + 1, mine); };
    utterance.onerror = function () { if (mine === run) stop(); };
    speech.speak(utterance);
  }

  button.addEventListener("click", function () {
    if (current) return stop();
    stop();
    button.textContent = "Stop";
    read(0, run);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) stop();
  });
  window.addEventListener("pagehide", stop);
})();
