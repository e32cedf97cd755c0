using Microsoft.AspNetCore.Mvc.Rendering;
using RlmsRegistry.Application.Centres;
using RlmsRegistry.Application.Clinical;
using RlmsRegistry.Application.Clinical.Queries.GetDataQuality;
using RlmsRegistry.Domain.Clinical;

namespace RlmsRegistry.Web.Models;

/// <summary>What every case-report-form page shows around its fields: the patient, the form's status, lock and last reason.</summary>
public abstract class CaseFormPage
{
    public Guid PatientId { get; set; }

    public string StudyId { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    /// <summary>Where the form posts to.</summary>
    public string Action { get; set; } = string.Empty;

    public bool IsNew { get; set; } = true;

    public RecordStatus? Status { get; set; }

    public bool IsLocked { get; set; }

    public string? LastEditReason { get; set; }

    /// <summary>The stored form (null for a new one), for the monitoring panel.</summary>
    public IFormDto? Stored { get; private set; }

    /// <summary>The operation the pathology or laboratory form belongs to.</summary>
    public DateOnly? OperationDate { get; set; }

    /// <summary>Follow-up events: time zero of each cohort the patient is in (its first primary / recurrence operation), for "OS so far".</summary>
    public IReadOnlyList<(string Cohort, DateOnly Date)> TimeZeros { get; set; } = [];

    /// <summary>Mandatory fields still empty (camelCase), highlighted on the form.</summary>
    public IReadOnlyList<string> Missing { get; set; } = [];

    public void Describe(IFormDto? form)
    {
        IsNew = form is null;
        Status = form?.Status;
        IsLocked = form?.IsLocked ?? false;
        LastEditReason = form?.LastEditReason;
        Stored = form;
        Missing = form?.MissingMandatoryFields ?? [];
    }

    /// <summary>" missing" for a mandatory field still empty, to highlight it.</summary>
    public string MissingClass(string camelCaseField) =>
        Missing.Contains(camelCaseField, StringComparer.OrdinalIgnoreCase) ? " missing" : string.Empty;
}

public sealed class CaseFormPage<TForm> : CaseFormPage
    where TForm : class
{
    public required TForm Form { get; set; }
}

/// <summary>The reason / complete / version block shared by every form (field names under the "Form." prefix).</summary>
public sealed record FormStatusBlock(CaseFormPage Page, int? Version, string? Reason, bool Complete);

/// <summary>Options of the selects, valued with the enum names the model binder reads.</summary>
public static class FormOptions
{
    public static IEnumerable<SelectListItem> For<TEnum>(TEnum? selected, params (TEnum Value, string Label)[] options)
        where TEnum : struct, Enum =>
        options.Select(o => new SelectListItem(o.Label, o.Value.ToString(), selected is { } s && s.Equals(o.Value)));

    public static IEnumerable<SelectListItem> YesNo(bool? selected) =>
    [
        new("Yes", "true", selected == true),
        new("No", "false", selected == false),
    ];

    public static IEnumerable<SelectListItem> Numbers(int? selected, int from, int to) =>
        Enumerable.Range(from, to - from + 1).Select(i => new SelectListItem(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i.ToString(System.Globalization.CultureInfo.InvariantCulture), selected == i));

    public static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class DataQualityViewModel
{
    public DataQualityReportDto Report { get; set; } = new(0, []);

    public IReadOnlyList<CentreDto> Centres { get; set; } = [];

    public Guid? CentreId { get; set; }
}
