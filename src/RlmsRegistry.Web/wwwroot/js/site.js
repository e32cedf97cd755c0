// Progressive enhancement only: every page works without script.
// Focus the first field with an error so keyboard users land where the fix is needed.
document.addEventListener("DOMContentLoaded", () => {
    const summary = document.querySelector(".flash-error, .errors.validation-summary-errors");
    if (summary) {
        // A refusal: the summary of every problem is read first (it lists each field by its label).
        summary.setAttribute("tabindex", "-1");
        summary.focus();
        return;
    }
    const firstError = document.querySelector(".field-error:not(:empty)");
    if (firstError) {
        const field = firstError.closest(".field")?.querySelector("input, select, textarea");
        field?.focus();
    }
});
