// fairbot staff dashboard: the live feed over server-sent events, in plain JavaScript.
// Rows arrive as HTML the server rendered with Jinja autoescaping (visitor text is
// already escaped there); nothing here builds markup from visitor text.
(function () {
  "use strict";
  var feed = document.getElementById("feed");
  if (!feed || !window.EventSource) return;
  var state = document.getElementById("live-state");
  var empty = document.getElementById("feed-empty");
  var url = feed.dataset.stream + (feed.dataset.stream.indexOf("?") < 0 ? "?" : "&") + "after=" + feed.dataset.after;
  var source = new EventSource(url);

  function setState(name, text) {
    if (!state) return;
    state.dataset.state = name;
    state.textContent = text;
  }

  source.addEventListener("open", function () { setState("live", "live"); });
  source.addEventListener("error", function () { setState("offline", "reconnecting…"); });
  source.addEventListener("inquiry", function (event) {
    if (document.getElementById("q" + event.lastEventId)) return;
    feed.insertAdjacentHTML("afterbegin", event.data);
    var row = feed.firstElementChild;
    if (row) {
      row.classList.add("fresh");
      setTimeout(function () { row.classList.remove("fresh"); }, 4000);
    }
    if (empty) { empty.remove(); empty = null; }
    while (feed.children.length > 300) feed.removeChild(feed.lastElementChild);
  });
  window.addEventListener("pagehide", function () { source.close(); });
})();

// Destructive forms ask first (data-confirm); without JavaScript they simply submit.
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
})();
