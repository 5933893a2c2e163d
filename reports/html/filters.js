// The HTML report's filters and search. The page works without this script: every finding is
// listed and the filters stay hidden. Filters combine (AND); the summary bar counts what is shown.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var findings = Array.prototype.slice.call(document.querySelectorAll("#finding-list > .finding"));
  if (!form) { return; }

  function ticked(name) {
    var values = {};
    form.querySelectorAll("input[name='" + name + "']:checked").forEach(function (box) {
      values[box.value] = true;
    });
    return values;
  }

  function setCount(id, value) {
    var element = document.getElementById(id);
    if (element) { element.textContent = String(value); }
  }

  function apply() {
    var severities = ticked("severity"), statuses = ticked("status");
    var category = form.elements.category.value, platform = form.elements.platform.value;
    var framework = form.elements.framework.value;
    var terms = form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0, byStatus = {}, bySeverity = {};
    findings.forEach(function (item) {
      var data = item.dataset;
      var match = severities[data.severity] && statuses[data.status] &&
        (!category || data.category === category) &&
        (!platform || data.platform === platform) &&
        (!framework || data.frameworks.split(" ").indexOf(framework) >= 0) &&
        terms.every(function (term) { return data.search.indexOf(term) >= 0; });
      item.hidden = !match;
      if (match) {
        shown += 1;
        byStatus[data.status] = (byStatus[data.status] || 0) + 1;
        bySeverity[data.severity] = (bySeverity[data.severity] || 0) + 1;
      }
    });
    setCount("shown-total", shown);
    document.querySelectorAll("[data-count-status]").forEach(function (element) {
      element.textContent = String(byStatus[element.dataset.countStatus] || 0);
    });
    document.querySelectorAll("[data-count-severity]").forEach(function (element) {
      element.textContent = String(bySeverity[element.dataset.countSeverity] || 0);
    });
    document.getElementById("no-match").hidden = shown > 0 || findings.length === 0;
    document.getElementById("filtered-note").hidden = shown === findings.length;
  }

  function reset() {
    form.reset();
    apply();
  }

  // a link to a finding (from a requirement) opens it, clearing filters that hide it
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target || !target.classList.contains("finding")) { return; }
    if (target.hidden) { reset(); }
    target.open = true;
    target.scrollIntoView();
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  document.getElementById("filters-reset").addEventListener("click", reset);
  document.getElementById("expand-shown").addEventListener("click", function () {
    findings.forEach(function (item) { if (!item.hidden) { item.open = true; } });
  });
  document.getElementById("collapse-all").addEventListener("click", function () {
    findings.forEach(function (item) { item.open = false; });
  });
  window.addEventListener("hashchange", openTarget);
  form.hidden = false;
  document.documentElement.classList.add("js");
  apply();
  openTarget();
})();
