// Case report forms: branching (fields that do not apply are hidden and not sent) and live derived values
// (FNCLCC score and grade, T category, NLR, PLR, overall survival so far) computed with the rule tables the server publishes on each
// <output data-derived> element (data-rules), i.e. the domain's own tables. Progressive enhancement only.
(() => {
    "use strict";

    // The server's reading of a typed number (DecimalEntry): comma or point, one separator, no thousands grouping.
    // Returns null for anything the server would refuse, so no value is shown that the server would not store.
    function parseNumber(text) {
        const s = (text || "").trim();
        const m = /^([-+]?[0-9]+)(?:[.,]([0-9]+))?$/.exec(s);
        if (!m) { return null; }
        const whole = m[1].replace(/^[-+]/, "");
        const fraction = m[2] || "";
        if (fraction.length === 3 && whole.length >= 1 && whole.length <= 3 && whole.replace(/^0+/, "").length > 0) { return null; }
        return Number(m[1] + (fraction ? "." + fraction : ""));
    }

    function value(id) {
        const el = document.getElementById(id);
        return el && !el.disabled ? el.value : "";
    }

    function countAbove(bounds, x) { return bounds.filter(b => x > b).length; }

    const derive = {
        fnclccScore(rules) {
            const d = parseInt(value("Form_DifferentiationScore"), 10);
            const mText = value("Form_MitoticCountPer10Hpf").trim();
            const n = value("Form_Necrosis");
            if (!rules.differentiationScores.includes(d) || !/^[0-9]+$/.test(mText) || !(n in rules.necrosisScores)) { return null; }
            const score = d + 1 + countAbove(rules.mitosisUpperBounds, parseInt(mText, 10)) + rules.necrosisScores[n];
            return { text: String(score), value: String(score) };
        },
        fnclccGrade(rules) {
            const s = derive.fnclccScore(rules);
            if (!s) { return null; }
            const grade = 1 + countAbove(rules.gradeUpperBounds, Number(s.value));
            return { text: "G" + grade, value: String(grade) };
        },
        tCategory(rules) {
            const d = parseNumber(value("Form_MaxDiameterCm"));
            if (d === null || d <= 0) { return null; }
            const t = "T" + (1 + countAbove(rules.tUpperBoundsCm, d));
            return { text: t, value: t };
        },
        // Overall survival so far: time zero (published by the server) to the event's date, days / 30.4375.
        osMonths(rules) {
            const date = value("Form_Date");
            if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(date) || !rules.timeZero) { return null; }
            const days = Math.round((Date.parse(date) - Date.parse(rules.timeZero)) / 86400000);
            if (!(days >= 0)) { return null; }
            const months = days / rules.daysPerMonth;
            return { text: months.toFixed(1) + " months", value: String(months) };
        },
        nlr() { return ratio("Form_NeutrophilsE9PerL"); },
        plr() { return ratio("Form_PlateletsE9PerL"); },
    };

    function ratio(numeratorId) {
        const n = parseNumber(value(numeratorId));
        const l = parseNumber(value("Form_LymphocytesE9PerL"));
        if (n === null || l === null || l <= 0) { return null; }
        const r = n / l;
        return { text: r.toFixed(2), value: String(r) };
    }

    function refreshDerived(form) {
        form.querySelectorAll("output[data-derived]").forEach(out => {
            const compute = derive[out.dataset.derived];
            if (!compute) { return; }
            const result = compute(JSON.parse(out.dataset.rules || "{}"));
            out.textContent = result ? result.text : "—";
            out.dataset.value = result ? result.value : "";
        });
    }

    function refreshBranching(form) {
        form.querySelectorAll("[data-applies-when]").forEach(field => {
            const conditions = JSON.parse(field.dataset.appliesWhen);
            const applies = conditions.every(c => {
                const el = document.getElementById(c.field);
                return el && !el.disabled && c.values.includes(el.value);
            });
            field.hidden = !applies;
            field.querySelectorAll("input, select, textarea").forEach(input => { input.disabled = !applies; });
        });
    }

    document.addEventListener("DOMContentLoaded", () => {
        document.querySelectorAll("form.crf").forEach(form => {
            const refresh = () => { refreshBranching(form); refreshBranching(form); refreshDerived(form); };
            form.addEventListener("input", refresh);
            form.addEventListener("change", refresh);
            refresh();
        });
    });
})();
