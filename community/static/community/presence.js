// Presence chart: days in the community per officer per week, with the target line.
(function () {
  "use strict";
  var box = document.getElementById("presence-chart");
  if (!box || !window.echarts) { return; }
  var data = JSON.parse(document.getElementById(box.getAttribute("data-chart-source")).textContent);
  if (!data.series.length) { box.remove(); return; }
  var chart = window.echarts.init(box);
  var series = data.series.map(function (s) { return { name: s.name, type: "line", data: s.data }; });
  series.push({
    name: data.target_label, type: "line", data: [], silent: true,
    markLine: { symbol: "none", lineStyle: { color: "#dc3545", type: "dashed" }, data: [{ yAxis: data.target }] }
  });
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", bottom: 0 },
    grid: { left: 30, right: 10, top: 10, bottom: 40 },
    xAxis: { type: "category", data: data.weeks },
    yAxis: { type: "value", min: 0, max: 7 },
    series: series
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
