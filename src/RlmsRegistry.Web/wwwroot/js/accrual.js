// Accrual per year, centre and cohort, honest under small-cell protection (issue 18). A count of 1–4 reaches the
// page only as "<5"; such a cell is drawn as a hatched segment of a fixed nominal height (2.5, the middle of 1–4),
// so every year with any patient shows a bar while no height, label, tooltip or axis tick tells a count of 1–4.
// Registered with dashboards.js (window.rlmsFigureDrawers), which owns the downloads.
(() => {
    "use strict";
    const nominal = 2.5;

    function draw(data, id, api) {
        if (!data || !data.years || data.years.length === 0) {
            return;
        }
        const chart = api.init(id, 340);
        if (!chart) {
            return;
        }
        const hatch = (color) => ({ color: "rgba(255,255,255,0.65)", dashArrayX: [1, 0], dashArrayY: [3, 3], rotation: Math.PI / 4, symbol: "rect", symbolSize: 1, backgroundColor: color });
        const series = [];
        const anySuppressed = data.series.some((s) => s.patients.some((n) => typeof n !== "number"));
        data.series.forEach((s, i) => {
            const color = api.palette[i % api.palette.length];
            const name = `${s.centre} · ${s.cohort}`;
            series.push({
                name: name, type: "bar", stack: "accrual", color: color, barMaxWidth: 28,
                data: s.patients.map((n) => (typeof n === "number" && n > 0 ? n : null)),
            });
            if (anySuppressed) {
                series.push({
                    name: name, type: "bar", stack: "accrual", color: color, barMaxWidth: 28,
                    itemStyle: { decal: hatch(color), opacity: 0.7 },
                    data: s.patients.map((n) => (typeof n === "number" ? null : nominal)),
                    suppressed: true,
                });
            }
        });
        const shown = (p) => (series[p.seriesIndex].suppressed ? "<5" : String(p.value));
        chart.setOption({
            animation: false,
            textStyle: { fontFamily: api.font },
            legend: { top: 0, data: data.series.map((s) => `${s.centre} · ${s.cohort}`) },
            grid: { left: 50, right: 20, top: 40, bottom: 48 },
            xAxis: {
                type: "category", data: data.years.map(String), name: "Year of the index operation", nameLocation: "middle", nameGap: 30,
                axisLabel: { interval: 0, rotate: data.years.length > 24 ? 45 : 0 },
            },
            // Ticks are multiples of 5 (never a count of 1–4).
            yAxis: { type: "value", name: "Patients", minInterval: 5, axisLabel: { formatter: (v) => (v > 0 && v < 5 ? "" : String(v)) } },
            tooltip: {
                trigger: "axis", axisPointer: { type: "shadow" }, className: "accrual-tooltip", confine: true,
                formatter: (params) => {
                    const lines = params.filter((p) => p.value !== null && p.value !== undefined && p.value !== "-")
                        .map((p) => `${p.seriesName}: ${shown(p)}`);
                    return `<b>${params.length ? params[0].axisValue : ""}</b><br>` + (lines.length ? lines.join("<br>") : "none");
                },
            },
            series: series,
        });
    }

    window.rlmsFigureDrawers = Object.assign(window.rlmsFigureDrawers || {}, { accrual: draw });
})();
