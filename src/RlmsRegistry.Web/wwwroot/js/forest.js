// Forest plot in the manner of survminer::ggforest (issue 18), drawn as plain SVG so that every text is placed in its
// own column and never crosses a line or a mark: factor, level and N (deaths) left of the plot, HR (95% CI) and p to
// its right, a log axis whose ends are the 1-2-5 ticks the server chose around the data, a dashed HR = 1 line, and the
// model's footer below. Registered with dashboards.js (window.rlmsFigureDrawers), which owns the downloads.
(() => {
    "use strict";
    const NS = "http://www.w3.org/2000/svg";
    const ink = "#1d2733", muted = "#5b6774", blue = "#1f5f99", band = "#f2f5f8";
    const fontSize = 12, rowHeight = 24, pad = 8, gap = 18, minPlot = 220;

    function node(name, attrs, parent) {
        const e = document.createElementNS(NS, name);
        Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, String(v)));
        if (parent) {
            parent.appendChild(e);
        }
        return e;
    }

    function text(parent, x, y, content, attrs) {
        const t = node("text", Object.assign({ x: x, y: y, fill: ink, "dominant-baseline": "central" }, attrs || {}), parent);
        t.textContent = content;
        return t;
    }

    const tickText = (v) => String(Number(v.toPrecision(2)));

    function draw(data, id, api) {
        const host = document.getElementById(id);
        if (!host || !data || !data.rows || data.rows.length === 0) {
            return;
        }
        const render = () => {
            host.textContent = "";
            const svg = node("svg", { xmlns: NS, "font-family": api.font, "font-size": fontSize, class: "forest" }, host);
            const width = (content, bold) => {
                const t = text(svg, 0, 0, content, bold ? { "font-weight": "bold" } : {});
                const w = t.getComputedTextLength();
                t.remove();
                return w;
            };
            const rows = data.rows;
            const headers = { factor: "Factor", level: "Level", n: "N (deaths)", hr: "HR (95% CI)", p: "p" };
            const col = (key, pick, bold) => Math.max(width(headers[key], true), ...rows.map((r) => width(pick(r), bold && bold(r))));
            const wFactor = col("factor", (r) => (r.firstOfFactor ? r.factorLabel : ""), (r) => r.firstOfFactor);
            const wLevel = col("level", (r) => r.level);
            const wN = col("n", (r) => r.nText);
            const wHr = col("hr", (r) => r.hrText);
            const wP = col("p", (r) => r.pText);

            const xFactor = pad, xLevel = xFactor + wFactor + gap, xN = xLevel + wLevel + gap;
            const plotLeft = xN + wN + gap + 6;
            const rightColumns = 6 + gap + wHr + gap + wP + pad;
            const total = Math.max(host.clientWidth || 0, plotLeft + minPlot + rightColumns);
            const plotRight = total - rightColumns;
            const xHr = plotRight + 6 + gap, xP = xHr + wHr + gap;

            const titleY = 14, headerY = 40, top = 54;
            const axisY = top + rows.length * rowHeight + 4;
            const footerLines = splitFooter(data.footer || "", total - 2 * pad, width);
            const height = axisY + 48 + footerLines.length * 18 + 6;
            svg.setAttribute("width", total);
            svg.setAttribute("height", height);
            svg.setAttribute("viewBox", `0 0 ${total} ${height}`);

            const lmin = Math.log(data.axisMin), lmax = Math.log(data.axisMax);
            const x = (v) => plotLeft + ((Math.log(v) - lmin) / (lmax - lmin)) * (plotRight - plotLeft);

            node("rect", { x: 0, y: 0, width: total, height: height, fill: "#fff", class: "background" }, svg);
            text(svg, pad, titleY, data.title, { "font-weight": "bold", "font-size": 14, class: "title" });
            [["factor", xFactor], ["level", xLevel], ["n", xN], ["hr", xHr], ["p", xP]].forEach(([k, at]) =>
                text(svg, at, headerY, headers[k], { "font-weight": "bold", class: "header" }));

            // Alternate factors on a light band (behind everything; not a mark).
            let shade = false;
            rows.forEach((r, i) => {
                if (r.firstOfFactor) {
                    shade = !shade;
                }
                if (shade) {
                    node("rect", { x: 0, y: top + i * rowHeight, width: total, height: rowHeight, fill: band, class: "background" }, svg);
                }
            });

            // HR = 1, dashed, from the first row to the axis.
            node("line", { x1: x(1), x2: x(1), y1: top, y2: axisY, stroke: muted, "stroke-dasharray": "4 3", class: "mark reference-line" }, svg);

            rows.forEach((r, i) => {
                const cy = top + i * rowHeight + rowHeight / 2;
                const g = node("g", { class: "forest-row" + (r.isReference ? " reference" : ""), "data-level": r.level }, svg);
                if (r.firstOfFactor) {
                    text(g, xFactor, cy, r.factorLabel, { "font-weight": "bold", class: "label" });
                }
                text(g, xLevel, cy, r.level, { class: "label" });
                text(g, xN, cy, r.nText, { class: "label" });
                text(g, xHr, cy, r.hrText, { class: "label hr", fill: r.isReference ? muted : ink, "font-style": r.isReference ? "italic" : "normal" });
                text(g, xP, cy, r.pText, { class: "label" });
                if (typeof r.hazardRatio === "number") {
                    node("line", { x1: x(r.lower95), x2: x(r.upper95), y1: cy, y2: cy, stroke: ink, "stroke-width": 1.5, class: "mark ci" }, g);
                    node("rect", { x: x(r.hazardRatio) - 4.5, y: cy - 4.5, width: 9, height: 9, fill: blue, class: "mark hr-mark" }, g);
                    const tip = node("title", {}, g);
                    tip.textContent = `${r.factorLabel} ${r.level}: HR ${r.hrText}, ${r.pText.startsWith("<") ? "p < " + r.pText.slice(1) : "p = " + r.pText}`;
                }
            });

            // The axis: line, ticks, and as many tick labels as fit without touching (the ends and 1 first).
            node("line", { x1: plotLeft, x2: plotRight, y1: axisY, y2: axisY, stroke: ink, class: "mark axis-line" }, svg);
            const kept = [];
            const order = [...data.ticks].sort((a, b) => rank(a, data) - rank(b, data));
            order.forEach((t) => {
                const w = width(tickText(t)), cx = x(t);
                const box = [cx - w / 2 - 4, cx + w / 2 + 4];
                if (kept.every((k) => box[1] < k.box[0] || box[0] > k.box[1])) {
                    kept.push({ t: t, box: box });
                }
            });
            data.ticks.forEach((t) => node("line", { x1: x(t), x2: x(t), y1: axisY, y2: axisY + 5, stroke: ink, class: "mark tick" }, svg));
            kept.sort((a, b) => a.t - b.t).forEach((k) =>
                text(svg, x(k.t), axisY + 16, tickText(k.t), { "text-anchor": "middle", class: "tick-label", "data-value": k.t }));
            text(svg, (plotLeft + plotRight) / 2, axisY + 34, "Hazard ratio (log scale)", { "text-anchor": "middle", fill: muted, class: "axis-title" });
            footerLines.forEach((line, i) => text(svg, pad, axisY + 54 + i * 18, line, { fill: muted, class: "footer" }));

            return { width: total, height: height, svg: svg };
        };

        let drawn = render();
        api.register(id, {
            renderToSVGString: () => new XMLSerializer().serializeToString(drawn.svg),
            getWidth: () => drawn.width,
            getHeight: () => drawn.height,
            resize: () => { drawn = render(); },
        });
    }

    // Tick labels by priority: the axis ends, then 1, then the others left to right.
    function rank(t, data) {
        if (t === data.axisMin || t === data.axisMax) {
            return 0;
        }
        return t === 1 ? 1 : 2;
    }

    // The footer on as many lines as its width needs, broken after "; ".
    function splitFooter(footer, available, width) {
        if (!footer) {
            return [];
        }
        const parts = footer.split("; ");
        const lines = [];
        let line = "";
        parts.forEach((p, i) => {
            const piece = p + (i < parts.length - 1 ? ";" : "");
            const candidate = line ? line + " " + piece : piece;
            if (line && width(candidate) > available) {
                lines.push(line);
                line = piece;
            } else {
                line = candidate;
            }
        });
        lines.push(line);
        return lines;
    }

    window.rlmsFigureDrawers = Object.assign(window.rlmsFigureDrawers || {}, { forest: draw });
})();
