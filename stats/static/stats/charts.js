// Wuling statistics: trend charts (ECharts, vendored). No inline scripts (CSP script-src 'self').
(function () {
  "use strict";

  function seriesUrl(el, interval) {
    var params = new URLSearchParams({
      metric: el.dataset.metric,
      interval: interval,
      from: el.dataset.from,
      to: el.dataset.to,
      scope: el.dataset.scope
    });
    if (el.dataset.station) { params.set("station", el.dataset.station); }
    if (el.dataset.bureau) { params.set("bureau", el.dataset.bureau); }
    return el.dataset.seriesUrl + "?" + params.toString();
  }

  function draw(el, interval) {
    var chart = echarts.getInstanceByDom(el) ||
      echarts.init(el, null, { renderer: el.dataset.renderer || "canvas" });
    el.dataset.interval = interval;
    fetch(seriesUrl(el, interval), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (body) {
        var labels = body.points.map(function (p) { return interval === "month" ? p.start.slice(0, 7) : p.start; });
        chart.setOption({
          animation: el.dataset.renderer !== "svg",
          tooltip: { trigger: "axis" },
          legend: { top: 0, data: [el.dataset.labelNow, el.dataset.labelBefore] },
          grid: { left: 40, right: 16, top: 36, bottom: 28 },
          xAxis: { type: "category", data: labels },
          yAxis: { type: "value" },
          series: [
            { name: el.dataset.labelNow, type: "line", data: body.points.map(function (p) { return p.value; }) },
            { name: el.dataset.labelBefore, type: "line", lineStyle: { type: "dashed" },
              data: body.points.map(function (p) { return p.previous_year; }) }
          ]
        }, true);
        el.setAttribute("data-chart-ready", interval);
      })
      .catch(function () { el.setAttribute("data-chart-error", "1"); });
  }

  document.querySelectorAll("[data-chart]").forEach(function (el) { draw(el, el.dataset.interval || "month"); });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-chart-interval]");
    if (button) {
      var card = button.closest(".card");
      var el = card && card.querySelector("[data-chart]");
      if (el) {
        card.querySelectorAll("[data-chart-interval]").forEach(function (b) { b.classList.remove("active"); });
        button.classList.add("active");
        draw(el, button.dataset.chartInterval);
      }
    }
    if (event.target.closest("[data-print]")) { window.print(); }
  });

  window.addEventListener("resize", function () {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = echarts.getInstanceByDom(el);
      if (chart) { chart.resize(); }
    });
  });
})();
