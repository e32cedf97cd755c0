// Progressive enhancement only: every page works without script.
// Focus the first field with an error so keyboard users land where the fix is needed.
document.addEventListener("DOMContentLoaded", () => {
    const firstError = document.querySelector(".field-error:not(:empty)");
    if (firstError) {
        const field = firstError.closest(".field")?.querySelector("input, select, textarea");
        field?.focus();
    }
});
