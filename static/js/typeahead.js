// Type-ahead for the organisation search: the form works without this script; with it,
// hits appear while the candidate types. The server renders the hits (same template).
(function () {
  "use strict";
  var form = document.querySelector("form[data-typeahead]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var target = document.getElementById(form.getAttribute("data-target"));
  var timer = null;
  var latest = 0;

  function search() {
    var query = input.value.trim();
    var ticket = ++latest;
    var url = form.getAttribute("data-typeahead") + "?partial=1&q=" + encodeURIComponent(query);
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        // Only the answer to the newest query may replace the list.
        if (html !== null && ticket === latest) {
          target.innerHTML = html;
          updateSend();
        }
      })
      .catch(function () { /* the Search button still works */ });
  }

  // "Send my result" waits until an organisation is chosen (the server disables it only
  // while no list is shown: without this script a candidate must still be able to send).
  var button = document.getElementById("send-button");
  var hint = document.getElementById("send-hint");
  function updateSend() {
    if (!button) return;
    var chosen = target.querySelector("input[name=account]:checked") !== null;
    button.disabled = !chosen;
    if (hint) hint.hidden = chosen;
  }
  target.addEventListener("change", updateSend);
  updateSend();

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
})();
