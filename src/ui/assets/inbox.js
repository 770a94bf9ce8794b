// The inbox table refreshes itself every few seconds (htmx polling). A refresh replaces the rows, so
// it waits while someone is typing or choosing in a control inside the table (an Assign box): their
// input would be lost. Buttons keep their focus across a refresh because they have stable ids.
(function () {
  document.addEventListener('htmx:beforeRequest', function (event) {
    var live = document.getElementById('inbox-live');
    if (!live || event.detail.elt !== live) return;
    var active = document.activeElement;
    if (active && live.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName)) event.preventDefault();
  });
})();
