// Live SLA countdowns: every <time data-countdown datetime="ISO"> shows how long is left (or how
// overdue it is) and is refreshed each second, also after htmx swaps in new rows.
(function () {
  function describe(ms) {
    var abs = Math.abs(ms);
    var d = Math.floor(abs / 86400000), h = Math.floor((abs % 86400000) / 3600000);
    var m = Math.floor((abs % 3600000) / 60000), s = Math.floor((abs % 60000) / 1000);
    var text = d > 0 ? d + 'd ' + h + 'h' : h > 0 ? h + 'h ' + m + 'm' : m + 'm ' + s + 's';
    return ms >= 0 ? text + ' left' : 'overdue ' + text;
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll('time[data-countdown]').forEach(function (el) {
      var due = Date.parse(el.getAttribute('datetime'));
      if (isNaN(due)) return;
      var left = due - now;
      el.textContent = describe(left);
      el.classList.toggle('overdue', left < 0);
    });
  }
  document.addEventListener('DOMContentLoaded', tick);
  document.addEventListener('htmx:afterSwap', tick);
  setInterval(tick, 1000);
})();
