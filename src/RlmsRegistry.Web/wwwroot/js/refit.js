// "Refit now" on the dashboards (issue 18): posts the form (its anti-forgery field included), then polls the run's
// status until it is published, unchanged or failed, showing the progress and the job's own message; when a snapshot
// is published it offers the page on the new snapshot and the new snapshot's bundle.
(() => {
    "use strict";
    const form = document.getElementById("refit-form");
    if (!form) {
        return;
    }
    const button = document.getElementById("dashboard-refit");
    const progress = document.getElementById("refit-progress");
    const status = document.getElementById("refit-status");
    const open = document.getElementById("refit-open");
    const bundle = document.getElementById("refit-bundle");
    const words = { queued: "Queued", running: "Running", succeeded: "Published", unchanged: "Nothing new to publish", failed: "Failed" };

    const show = (run) => {
        progress.hidden = false;
        progress.value = run.progress || 0;
        form.dataset.status = run.status;
        status.textContent = `${words[run.status] || run.status} · ${run.progress || 0} %` + (run.message ? ` · ${run.message}` : "");
    };

    async function poll(url) {
        let run;
        try {
            const r = await fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } });
            if (!r.ok) {
                throw new Error(String(r.status));
            }
            run = await r.json();
        } catch (e) {
            status.textContent = `The refit's progress could not be read (${e.message}); it goes on: reload the page later.`;
            button.disabled = false;
            return;
        }
        show(run);
        if (run.status === "succeeded" || run.status === "unchanged") {
            button.disabled = false;
            open.href = window.location.pathname + window.location.search;
            open.hidden = false;
            if (run.snapshotId) {
                bundle.href = `/Dashboards/Snapshots/${run.snapshotId}/Bundle`;
                bundle.hidden = false;
            }
            return;
        }
        if (run.status === "failed") {
            button.disabled = false;
            return;
        }
        setTimeout(() => poll(url), 600);
    }

    form.addEventListener("submit", async (event) => {
        event.preventDefault();
        button.disabled = true;
        open.hidden = true;
        bundle.hidden = true;
        show({ status: "queued", progress: 0 });
        const r = await fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", headers: { Accept: "application/json" } });
        if (!r.ok) {
            status.textContent = `The refit could not be queued (${r.status}).`;
            button.disabled = false;
            return;
        }
        const queued = await r.json();
        form.dataset.run = queued.id;
        poll(queued.statusUrl);
    });
})();
