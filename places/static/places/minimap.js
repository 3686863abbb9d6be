// A small map of a dashboard's area (places/_minimap.html): the communities' outlines from the map API;
// a click opens the map page. Needs the vendored ECharts the dashboard already loads.
(function () {
  "use strict";
  function draw(el) {
    if (typeof echarts === "undefined") { return; }
    var params = new URLSearchParams();
    if (el.dataset.station) { params.set("station", el.dataset.station); }
    fetch(el.dataset.communitiesUrl + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (body) {
        var name = "wuling-mini-" + (el.dataset.station || "all");
        echarts.registerMap(name, body);
        var chart = echarts.init(el, null, { renderer: "canvas" });
        chart.setOption({
          geo: { map: name, nameProperty: "key", roam: false, silent: true, layoutCenter: ["50%", "50%"],
            layoutSize: "95%", aspectScale: 0.86,
            itemStyle: { areaColor: "#eef2f7", borderColor: "#6c757d", borderWidth: 0.6 } }
        });
        chart.getZr().on("click", function () { window.location.href = el.dataset.href; });
        el.setAttribute("data-minimap-ready", String(body.features.length));
        window.addEventListener("resize", function () { chart.resize(); });
      })
      .catch(function () { el.setAttribute("data-minimap-error", "1"); });
  }
  document.querySelectorAll("[data-minimap]").forEach(draw);
})();
