namespace RlmsRegistry.Application.Analysis;

/// <summary>One column of the analysis dataset: its name (as in JSON and the CSV header), type, unit and meaning.</summary>
public sealed record AnalysisColumnDto(string Name, string Type, string? Unit, string Description);

/// <summary>The data dictionary of the analysis dataset, in column order.</summary>
public static class AnalysisDictionary
{
    public static readonly IReadOnlyList<AnalysisColumnDto> Columns =
    [
        new("studyId", "string", null, "Registry study ID (<centre code>-<5 digits>); the only identifier, no names or hospital numbers."),
        new("centre", "string", null, "Code of the patient's centre."),
        new("cohort", "string", null, "primary: index operation is the registry's primary resection; recurrent: index operation is the first recurrence operation in the registry. A patient may appear in both datasets."),
        new("indexDate", "date", "ISO 8601", "Time zero: date of the index operation."),
        new("ageAtSurgery", "integer", "years", "Year of the index operation minus year of birth (only the year of birth is held)."),
        new("sex", "string", null, "female | male."),
        new("maxDiameterCm", "number", "cm", "Maximum tumour diameter at the index operation (0.5–100); empty when not recorded."),
        new("fnclccGrade", "integer", null, "FNCLCC grade 1–3 of the index operation: derived from differentiation, mitoses and necrosis, else the grade reported by the pathologist; empty when neither is recorded."),
        new("plateletsE9PerL", "number", "×10⁹/L", "Pre-operative platelet count of the index operation."),
        new("nlr", "number", null, "Pre-operative neutrophil / lymphocyte ratio of the index operation (derived, unrounded)."),
        new("resection", "string", null, "Completeness of resection at the index operation: R0 | R1 | R2."),
        new("multifocal", "boolean", null, "Multifocal tumour at the index operation (JSON true/false; CSV 1/0)."),
        new("dfiMonths", "number", "months", "Recurrent cohort only: disease-free interval from the primary resection (registry or declared outside date) to the first recurrence (event or recurrence operation no. 1), days / 30.4375; empty when unknown."),
        new("osMonths", "number", "months", "Overall survival time from the index date to death or to the last date known alive (latest operation or non-death follow-up event), days / 30.4375."),
        new("osEvent", "integer", null, "1 = died (any cause), 0 = alive at last contact (censored)."),
        new("recurrenceMonths", "number", "months", "Recurrence endpoint (competing risks): from the index date to the first recurrence after it (local recurrence or distant metastasis), to death without a prior recurrence, or to the last date known alive, days / 30.4375."),
        new("recurrenceStatus", "integer", null, "First event after the index date: 1 = local recurrence (a local-recurrence follow-up event, or a later operation for recurrence), 2 = distant metastasis (both on the same day: 2), 3 = death without a prior recurrence (competing event), 0 = censored at the last contact. For cmprsk: cuminc(recurrenceMonths, recurrenceStatus, cencode = 0); crr(..., failcode = 1 or 2)."),
        new("localRecurrenceMonths", "number", "months", "Time from the index date to the first local recurrence after it (event or later operation for recurrence), whatever came before; empty when none is recorded."),
        new("distantMetastasisMonths", "number", "months", "Time from the index date to the first distant metastasis after it, whatever came before; empty when none is recorded."),
    ];
}
