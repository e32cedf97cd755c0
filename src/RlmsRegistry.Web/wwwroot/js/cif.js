// The cohort page's cumulative incidence figure (competing risks: local recurrence, distant metastasis, death without
// recurrence), drawn by dashboards.js's figure loop from the data island data-figure="cif". Same conventions as the
// Kaplan–Meier figure: SVG renderer, a number-at-risk table as a second grid sharing the plot's x range and ticks (its
// numbers sit under the ticks by construction), counts as the server sent them ("<5" when suppressed).
(() => {
    "use strict";
    const dashes = ["solid", "dashed", "dotted"];

    function drawCif(data, id, h) {
        const groups = data.groups;
        if (!groups || groups.length === 0) {
            return;
        }
        const single = groups.length === 1;
        const rowHeight = 22;
        // One legend line per group (an empty legend entry breaks the line), the plot below the legend.
        const legendTop = 44, plotTop = legendTop + 22 * groups.length + 12, plotHeight = 300, left = 110, right = 40;
        const riskTop = plotTop + plotHeight + 70;
        const chart = h.init(id, riskTop + rowHeight * groups.length + 16);
        if (!chart) {
            return;
        }
        const step = data.ticks.length > 1 ? data.ticks[1] - data.ticks[0] : data.xMax;
        let top = 0;
        const series = [];
        const legend = [];
        groups.forEach((g, i) => {
            if (i > 0) {
                legend.push("");
            }
            g.curves.forEach((c) => {
                const causeIndex = data.causes.findIndex((x) => x.code === c.cause);
                const color = h.palette[(single ? causeIndex : i) % h.palette.length];
                const points = [[0, 0]];
                for (let k = 0; k < c.time.length; k++) {
                    points.push([c.time[k], c.incidence[k]]);
                    top = Math.max(top, c.incidence[k]);
                }
                const last = points[points.length - 1];
                if (g.maxTime > last[0]) {
                    points.push([g.maxTime, last[1]]); // flat to the group's last follow-up time
                }
                const name = single ? `${c.label} (${h.count(c.events)})` : `${g.group} · ${c.label}`;
                legend.push(name);
                series.push({
                    name: name, type: "line", step: "end", data: points, symbol: "none", color: color,
                    lineStyle: { width: 2, type: dashes[causeIndex % dashes.length] },
                });
            });
            series.push({
                name: "at risk " + g.group, type: "scatter", xAxisIndex: 1, yAxisIndex: 1, symbolSize: 0, silent: true,
                data: data.ticks.map((t, j) => [t, g.group, h.count(g.atRisk[j])]),
                label: { show: true, position: "inside", formatter: (p) => p.value[2], color: single ? "#1d2733" : h.palette[i % h.palette.length], fontFamily: h.font, fontSize: 12 },
                tooltip: { show: false },
            });
        });
        const yMax = Math.min(1, Math.max(0.1, Math.ceil(top * 10 + 0.5) / 10));
        const subtitle = data.grayTests.map((t) => `Gray's test, ${t.label.toLowerCase()}: ${t.p === null ? "not computable" : h.pText(t.p)}`).join(" · ");
        chart.setOption({
            animation: false,
            textStyle: { fontFamily: h.font },
            title: { text: "Cumulative incidence · " + data.label, subtext: subtitle, left: 8, top: 0, textStyle: { fontSize: 15 } },
            legend: { top: legendTop, left: left, data: legend, itemHeight: 8 },
            grid: [
                { left: left, right: right, top: plotTop, height: plotHeight },
                { left: left, right: right, top: riskTop, height: rowHeight * groups.length },
            ],
            xAxis: [
                { gridIndex: 0, type: "value", min: 0, max: data.xMax, interval: step, name: "Months since the index operation", nameLocation: "middle", nameGap: 28,
                    axisLabel: { formatter: (v) => String(v), hideOverlap: false, showMaxLabel: true, showMinLabel: true }, splitLine: { show: false } },
                { gridIndex: 1, type: "value", min: 0, max: data.xMax, interval: step, show: false },
            ],
            yAxis: [
                { gridIndex: 0, type: "value", min: 0, max: yMax, name: "Cumulative incidence", nameLocation: "middle", nameGap: 52,
                    axisLabel: { formatter: (v) => Math.round(v * 100) + "%" } },
                { gridIndex: 1, type: "category", data: groups.map((g) => g.group), inverse: true, name: "Number at risk", nameLocation: "start",
                    nameTextStyle: { align: "right", fontWeight: "bold" }, axisLine: { show: false }, axisTick: { show: false },
                    axisLabel: { color: "#1d2733", margin: 28 } },
            ],
            tooltip: { trigger: "axis", confine: true, valueFormatter: (v) => (typeof v === "number" ? h.num(v * 100) + " %" : v) },
            series: series,
        });
    }

    window.rlmsFigureDrawers = Object.assign(window.rlmsFigureDrawers || {}, { cif: drawCif });
})();
