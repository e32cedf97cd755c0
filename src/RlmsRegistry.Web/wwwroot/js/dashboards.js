// Dashboard figures, drawn with Apache ECharts (SVG renderer) from the page's JSON data islands
// (<script type="application/json" data-figure="…">) or, for the large Kaplan–Meier points, from the same-origin
// endpoint named in data-src. No inline script (CSP), no other site: every number comes from the snapshot the server rendered. Tables beside each figure carry the same numbers for screen readers.
(() => {
    "use strict";
    if (typeof echarts === "undefined") {
        return;
    }

    const palette = ["#1f5f99", "#c0392b", "#2e8b57", "#8e44ad", "#d68910", "#17a2b8", "#6d4c41", "#7f8c8d"];
    const charts = new Map();
    const font = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif";

    // A count as shown: a number, or "<5" when suppressed for the caller.
    const count = String;
    const num = (x, d = 1) => (x === null || x === undefined ? "—" : Number(x).toFixed(d));
    const pText = (p) => (p < 0.001 ? "p < 0.001" : "p = " + p.toFixed(3));

    function init(id, height) {
        const el = document.getElementById(id);
        if (!el) {
            return null;
        }
        const chart = echarts.init(el, null, { renderer: "svg", height: height });
        charts.set(id, chart);
        return chart;
    }

    // ---- Kaplan–Meier: plot grid + number-at-risk grid sharing the same x range and ticks ----
    function drawKm(data, id) {
        const groups = data.groups;
        const rowHeight = 22;
        const plotTop = 64, plotHeight = 300, left = 110, right = 40;
        const riskTop = plotTop + plotHeight + 70;
        const height = riskTop + rowHeight * Math.max(1, groups.length) + 16;
        const chart = init(id, height);
        if (!chart) {
            return;
        }
        const step = data.ticks.length > 1 ? data.ticks[1] - data.ticks[0] : data.xMax;
        const series = [];
        groups.forEach((g, i) => {
            const color = palette[i % palette.length];
            const steps = [[0, 1]];
            const lower = [[0, 1]];
            const band = [[0, 0]];
            const censored = [];
            for (let k = 0; k < g.time.length; k++) {
                steps.push([g.time[k], g.survival[k]]);
                const lo = g.lower[k], up = g.upper[k];
                lower.push([g.time[k], lo === null ? "-" : lo]);
                band.push([g.time[k], lo === null || up === null ? "-" : up - lo]);
                if (g.nCensor[k] !== 0) {
                    censored.push([g.time[k], g.survival[k], k]);
                }
            }
            const name = `${g.group} (n = ${count(g.n)})`;
            series.push({
                name: name + " CI", type: "line", step: "end", data: lower, stack: "ci" + i, symbol: "none",
                lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false }, legendHoverLink: false,
            });
            series.push({
                name: name + " CI band", type: "line", step: "end", data: band, stack: "ci" + i, symbol: "none",
                lineStyle: { opacity: 0 }, areaStyle: { color: color, opacity: 0.15 }, silent: true, tooltip: { show: false },
            });
            const median = g.median && g.median.value !== null && g.median.value !== undefined ? g.median.value : null;
            series.push({
                name: name, type: "line", step: "end", data: steps, symbol: "none", color: color, lineStyle: { width: 2 },
                markLine: median === null ? undefined : {
                    silent: true, symbol: "none", lineStyle: { type: "dashed", color: color, width: 1 }, label: { show: false },
                    data: [[{ coord: [0, 0.5] }, { coord: [median, 0.5] }], [{ coord: [median, 0.5] }, { coord: [median, 0] }]],
                },
            });
            series.push({
                name: name, type: "scatter", data: censored, color: color, symbolSize: 9,
                symbol: "path://M4,0h2v4h4v2h-4v4h-2v-4h-4v-2h4z",
                tooltip: {
                    formatter: (p) => {
                        const k = p.value[2];
                        return `${g.group}: censored at ${num(g.time[k], 1)} months<br>S(t) = ${num(g.survival[k] * 100)} %` +
                            `<br>at risk ${count(g.nRisk[k])}, censored ${count(g.nCensor[k])}`;
                    },
                },
            });
            series.push({
                name: "at risk " + g.group, type: "scatter", xAxisIndex: 1, yAxisIndex: 1, symbolSize: 0, silent: true,
                data: data.ticks.map((t, j) => [t, g.group, count(g.atRisk[j])]),
                label: { show: true, position: "inside", formatter: (p) => p.value[2], color: color, fontFamily: font, fontSize: 12 },
                tooltip: { show: false },
            });
        });
        const subtitle = data.logRank ? `Log-rank ${pText(data.logRank.p)} (χ² = ${num(data.logRank.statistic, 2)}, df = ${data.logRank.df})` : "";
        chart.setOption({
            animation: false,
            textStyle: { fontFamily: font },
            title: { text: "Overall survival · " + data.label, subtext: subtitle, left: 8, top: 0, textStyle: { fontSize: 15 } },
            legend: { top: 40, left: left, data: groups.map((g) => `${g.group} (n = ${count(g.n)})`), itemHeight: 8 },
            grid: [
                { left: left, right: right, top: plotTop, height: plotHeight },
                { left: left, right: right, top: riskTop, height: rowHeight * Math.max(1, groups.length) },
            ],
            xAxis: [
                { gridIndex: 0, type: "value", min: 0, max: data.xMax, interval: step, name: "Months since the index operation", nameLocation: "middle", nameGap: 28,
                    axisLabel: { formatter: (v) => String(v), hideOverlap: false, showMaxLabel: true, showMinLabel: true }, splitLine: { show: false } },
                { gridIndex: 1, type: "value", min: 0, max: data.xMax, interval: step, show: false },
            ],
            yAxis: [
                { gridIndex: 0, type: "value", min: 0, max: 1, interval: 0.2, name: "Overall survival", nameLocation: "middle", nameGap: 52,
                    axisLabel: { formatter: (v) => Math.round(v * 100) + "%" } },
                { gridIndex: 1, type: "category", data: groups.map((g) => g.group), inverse: true, name: "Number at risk", nameLocation: "start",
                    nameTextStyle: { align: "right", fontWeight: "bold" }, axisLine: { show: false }, axisTick: { show: false },
                    axisLabel: { color: "#1d2733", margin: 28 } },
            ],
            tooltip: { trigger: "item", confine: true },
            series: series,
        });
    }

    // ---- History: cohort sizes, and each cohort's hazard ratios ----
    function drawHistory(data, id) {
        const labels = data.snapshots.map((s) => s.createdAt.replace("T", " ").slice(0, 16));
        const size = init(id, 300);
        if (size) {
            const series = [];
            ["primary", "recurrent"].forEach((cohort, i) => {
                const pick = (field) => data.snapshots.map((s) => {
                    const c = s.cohorts.find((x) => x.cohort === cohort);
                    return c && typeof c[field] === "number" ? c[field] : null;
                });
                series.push({ name: cohort + " patients", type: "line", data: pick("patients"), color: palette[i] });
                series.push({ name: cohort + " deaths", type: "line", data: pick("events"), color: palette[i], lineStyle: { type: "dashed" } });
            });
            size.setOption({
                animation: false, textStyle: { fontFamily: font }, legend: { top: 0 }, grid: { left: 50, right: 20, top: 40, bottom: 40 },
                xAxis: { type: "category", data: labels }, yAxis: { type: "value", minInterval: 1 }, tooltip: { trigger: "axis" }, series: series,
            });
        }
        document.querySelectorAll("[id^='hr-chart-']").forEach((el) => {
            const terms = data.terms.filter((t) => t.cohort === el.dataset.cohort);
            const chart = init(el.id, 320);
            if (!chart || terms.length === 0) {
                return;
            }
            const series = [];
            terms.forEach((t, i) => {
                const color = palette[i % palette.length];
                series.push({ name: t.label, type: "line", data: t.hazardRatio, color: color, connectNulls: false });
                labels.forEach((label, j) => {
                    if (t.lower95[j] !== null && t.upper95[j] !== null) {
                        series.push({ name: t.label, type: "line", data: [[label, t.lower95[j]], [label, t.upper95[j]]], color: color, symbol: "none", silent: true, tooltip: { show: false } });
                    }
                });
            });
            chart.setOption({
                animation: false, textStyle: { fontFamily: font }, legend: { top: 0, data: terms.map((t) => t.label) },
                grid: { left: 50, right: 20, top: 60, bottom: 40 }, xAxis: { type: "category", data: labels },
                yAxis: { type: "log", name: "HR" }, tooltip: { trigger: "item" }, series: series,
            });
        });
    }

    // Figures drawn by their own modules (cif.js, forest.js, accrual.js, …) register a drawer in window.rlmsFigureDrawers
    // before this script runs; each gets (data, target id, api) and registers what it drew for the downloads.
    const api = {
        init: init, palette: palette, font: font, count: count, num: num, pText: pText,
        register: (id, chart) => charts.set(id, chart),
    };
    const drawers = { km: drawKm, history: drawHistory };
    Object.entries(window.rlmsFigureDrawers || {}).forEach(([name, draw]) => { drawers[name] = (data, id) => draw(data, id, api); });
    const names = new Map();
    // A figure's data is in its island, or (large figures) fetched from the same-origin page endpoint in data-src.
    const loading = [...document.querySelectorAll('script[type="application/json"][data-figure]')].map(async (island) => {
        names.set(island.dataset.target, island.dataset.name || "rlms-figure");
        const data = island.dataset.src
            ? await fetch(island.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } }).then((r) => r.json()).then((r) => r.data)
            : JSON.parse(island.textContent);
        const draw = drawers[island.dataset.figure];
        if (data && draw) {
            draw(data, island.dataset.target);
        }
    });

    // ---- Downloads: the SVG as rendered, and a PNG drawn from it at twice the size ----
    function save(blob, filename) {
        const url = URL.createObjectURL(blob);
        const a = document.createElement("a");
        a.href = url;
        a.download = filename;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
    }

    document.querySelectorAll("[data-download]").forEach((button) => {
        const id = button.dataset.chart;
        button.addEventListener("click", () => {
            const chart = charts.get(id);
            if (!chart) {
                return;
            }
            const svg = chart.renderToSVGString();
            const base = names.get(id) || (id.startsWith("hr-chart-") ? names.get("size-chart") + "-" + id : id);
            if (button.dataset.download === "svg") {
                save(new Blob([svg], { type: "image/svg+xml" }), base + ".svg");
                return;
            }
            const img = new Image();
            const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
            img.onload = () => {
                const canvas = document.createElement("canvas");
                canvas.width = chart.getWidth() * 2;
                canvas.height = chart.getHeight() * 2;
                const ctx = canvas.getContext("2d");
                ctx.fillStyle = "#fff";
                ctx.fillRect(0, 0, canvas.width, canvas.height);
                ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
                URL.revokeObjectURL(url);
                canvas.toBlob((blob) => save(blob, base + ".png"), "image/png");
            };
            img.src = url;
        });
    });

    // The curve selector reloads the page with the chosen curves (the tables are rendered by the server).
    document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
        select.addEventListener("change", () => select.form.submit());
        select.form.querySelectorAll(".no-script").forEach((b) => { b.hidden = true; });
    });

    window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
    Promise.allSettled(loading).then(() => {
        document.querySelectorAll("[data-download]").forEach((button) => { button.hidden = !charts.has(button.dataset.chart); });
        document.documentElement.dataset.figuresReady = "true";
    });
})();
