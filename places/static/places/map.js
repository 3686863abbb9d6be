// The district on one map (一图显示): ECharts (vendored) draws the communities' GeoJSON served by
// /api/v1/map/communities/, a choropleth of a dashboard metric, and the layers of /api/v1/map/points/.
// Clicking a community shows its records in the side panel; clicking a point opens its record.
// No inline scripts (CSP script-src 'self'); nothing is loaded from another host.
(function () {
  "use strict";
  var el = document.getElementById("wl-map");
  if (!el || typeof echarts === "undefined") { return; }
  var controls = document.querySelector("[data-map-controls]");
  var status = document.getElementById("wl-map-status");
  var panel = document.getElementById("wl-map-panel");
  var template = document.getElementById("wl-map-panel-template");
  var labels = {};
  try { labels = JSON.parse(el.dataset.labelLayers || "{}"); } catch (e) { labels = {}; }
  var chart = echarts.init(el, null, { renderer: "canvas" });
  var communities = { features: [] };
  var byKey = {};
  var layerData = {};
  var COLOURS = {
    incidents: "#0d6efd", repeat_calls: "#6f42c1", hazards: "#fd7e14", posts: "#198754", patrols: "#20c997",
    red: "#dc3545", orange: "#fd7e14", yellow: "#e0b000"
  };
  var SYMBOLS = { incidents: "circle", repeat_calls: "diamond", disputes: "triangle", hazards: "rect", posts: "pin" };

  function value(name) {
    var input = controls && controls.querySelector("[name=" + name + "]");
    return input ? input.value : "";
  }
  function checkedLayers() {
    return Array.prototype.map.call(controls.querySelectorAll("[data-layer]:checked"), function (c) { return c.value; });
  }
  function query(extra) {
    var params = new URLSearchParams(extra || {});
    ["station", "metric", "period", "days", "category"].forEach(function (name) {
      if (value(name)) { params.set(name, value(name)); }
    });
    return params.toString();
  }
  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : r.json().then(function (b) { return Promise.reject(b); }); });
  }
  function say(text) { if (status) { status.textContent = text; } }

  function pointSeries(key, body) {
    if (key === "patrols") {
      var lines = [];
      body.features.forEach(function (f) {
        f.geometry.coordinates.forEach(function (polygon) {
          lines.push({ name: f.properties.title, coords: polygon[0], url: f.properties.url });
        });
      });
      return [{ id: "layer-patrols", name: labels.patrols || key, type: "lines", coordinateSystem: "geo",
        polyline: true, data: lines, lineStyle: { color: COLOURS.patrols, width: 3, type: "dashed", opacity: 0.9 },
        z: 9 }];
    }
    var data = body.features.map(function (f) {
      var p = f.properties;
      var colour = key === "disputes" ? COLOURS[p.risk] : COLOURS[key];
      return { name: p.title, value: f.geometry.coordinates.concat([p.calls || 1]), url: p.url,
        itemStyle: { color: colour } };
    });
    return [{ id: "layer-" + key, name: labels[key] || key, type: "scatter", coordinateSystem: "geo",
      symbol: SYMBOLS[key] || "circle",
      symbolSize: key === "repeat_calls" ? function (v) { return 10 + Math.min(16, 2 * v[2]); } : 12,
      data: data, z: 10, tooltip: { formatter: function (p) { return p.name; } } }];
  }

  function draw() {
    var values = communities.features.map(function (f) {
      return { name: f.properties.key, value: f.properties.value === undefined ? null : f.properties.value };
    });
    var numbers = values.map(function (v) { return v.value; }).filter(function (v) { return typeof v === "number"; });
    var series = [{ id: "communities", type: "map", geoIndex: 0, data: values }];
    Object.keys(layerData).forEach(function (key) { series = series.concat(pointSeries(key, layerData[key])); });
    var option = {
      tooltip: { trigger: "item", formatter: function (p) {
        if (p.seriesType === "map" || p.componentType === "geo") {
          var f = byKey[p.name];
          if (!f) { return ""; }
          var v = f.properties.value;
          return f.properties.name + (v === undefined ? "" : "：" + (v === null ? (el.dataset.labelNoData || "—") : v));
        }
        return p.name;
      } },
      geo: { map: "wuling", nameProperty: "key", roam: true, aspectScale: 0.86, layoutCenter: ["50%", "50%"],
        layoutSize: "95%", label: { show: true, fontSize: 10, formatter: function (p) {
          var f = byKey[p.name]; return f ? f.properties.name : ""; } },
        itemStyle: { areaColor: "#eef2f7", borderColor: "#6c757d", borderWidth: 0.8 },
        emphasis: { itemStyle: { areaColor: "#ffe69c" } }, selectedMode: "single" },
      series: series
    };
    if (numbers.length) {
      option.visualMap = { min: Math.min.apply(null, numbers), max: Math.max.apply(null, numbers) || 1,
        calculable: true, seriesIndex: 0, left: 8, bottom: 8, itemHeight: 90,
        inRange: { color: ["#e7f1ff", "#6ea8fe", "#084298"] }, text: ["", ""] };
    }
    chart.setOption(option, true);
    el.setAttribute("data-map-ready", String(communities.features.length));
    el.setAttribute("data-layers-ready", Object.keys(layerData).sort().join(","));
  }

  function loadCommunities() {
    say("…");
    return getJSON(el.dataset.communitiesUrl + "?" + query()).then(function (body) {
      communities = body;
      byKey = {};
      body.features.forEach(function (f) { byKey[f.properties.key] = f; });
      echarts.registerMap("wuling", body);
      var text = (el.dataset.labelCommunities || "{n}").replace("{n}", body.features.length) +
        (body.metric ? " · " + body.metric.label + "（" + body.metric.unit + "） " + body.from + " – " + body.to : "");
      say(text);
    }).catch(function (b) { say(b && typeof b === "object" ? JSON.stringify(b) : String(b)); });
  }

  function loadLayers() {
    var wanted = checkedLayers();
    layerData = {};
    return Promise.all(wanted.map(function (key) {
      return getJSON(el.dataset.pointsUrl + "?" + query({ layer: key })).then(function (body) { layerData[key] = body; });
    }));
  }

  function refresh(all) {
    var work = all ? loadCommunities().then(loadLayers) : loadLayers();
    work.then(draw, draw);
    if (window.history && window.history.replaceState) {
      var params = new URLSearchParams(query());
      checkedLayers().forEach(function (key) { params.append("layer", key); });
      window.history.replaceState(null, "", "?" + params.toString());
    }
  }

  function showCommunity(f) {
    if (!panel || !template) { return; }
    var node = template.content.cloneNode(true);
    node.querySelector("[data-panel-title]").textContent = f.properties.name + " · " + f.properties.station;
    var v = f.properties.value;
    node.querySelector("[data-panel-value]").textContent = v === undefined ? "" : (v === null ? "—" : String(v));
    node.querySelectorAll("[data-panel-link]").forEach(function (a) {
      a.setAttribute("href", f.properties.records[a.getAttribute("data-panel-link")]);
    });
    panel.innerHTML = "";
    panel.appendChild(node);
    panel.setAttribute("data-community", String(f.properties.id));
  }

  // Clicks are resolved here rather than by ECharts' hit test (the choropleth's regions sit over the
  // points): the nearest point within a finger's width opens its record, else the community under it.
  function inRing(lon, lat, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }
  function containing(lon, lat) {
    return communities.features.filter(function (f) {
      var polygons = f.geometry.type === "MultiPolygon" ? f.geometry.coordinates : [f.geometry.coordinates];
      return polygons.some(function (polygon) {
        return inRing(lon, lat, polygon[0]) && !polygon.slice(1).some(function (hole) { return inRing(lon, lat, hole); });
      });
    })[0];
  }
  function nearestPoint(x, y) {
    var best = null, bestDistance = 14;
    Object.keys(layerData).forEach(function (key) {
      if (key === "patrols") { return; }
      layerData[key].features.forEach(function (f) {
        var px = chart.convertToPixel({ geoIndex: 0 }, f.geometry.coordinates);
        var distance = Math.sqrt(Math.pow(px[0] - x, 2) + Math.pow(px[1] - y, 2));
        if (distance < bestDistance) { best = f; bestDistance = distance; }
      });
    });
    return best;
  }
  chart.getZr().on("click", function (event) {
    var point = nearestPoint(event.offsetX, event.offsetY);
    if (point) { window.location.href = point.properties.url; return; }
    var lonLat = chart.convertFromPixel({ geoIndex: 0 }, [event.offsetX, event.offsetY]);
    var f = lonLat && containing(lonLat[0], lonLat[1]);
    if (f) { showCommunity(f); }
  });

  controls.addEventListener("change", function (event) {
    refresh(!event.target.hasAttribute("data-layer") && event.target.name !== "days" && event.target.name !== "category"
      ? true : false);
  });
  controls.addEventListener("submit", function (event) { event.preventDefault(); refresh(true); });
  window.addEventListener("resize", function () { chart.resize(); });
  refresh(true);
})();
