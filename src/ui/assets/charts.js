// Analytics and report pages. The charts themselves are SVG drawn on the server (src/reports/charts.ts):
// they need no script, work under the pages' CSP and in the self-contained report file, and carry
// their numbers in tables. This file only makes the period form say what it will do: a "from" date
// replaces the preset period, so the preset is disabled (and skipped on submit) while one is set.
(function () {
  function sync(form) {
    var from = form.querySelector('input[name="from"]');
    var preset = form.querySelector('select[name="since"]');
    if (!from || !preset) return;
    preset.disabled = from.value !== '';
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('form[data-period-form]').forEach(function (form) {
      sync(form);
      form.addEventListener('input', function () { sync(form); });
      form.addEventListener('change', function () { sync(form); });
    });
  });
})();
