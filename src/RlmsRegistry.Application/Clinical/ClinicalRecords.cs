using System.Globalization;
using System.Reflection;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Exceptions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Clinical;

/// <summary>
/// What the case-report-form handlers share: loading the patient aggregate (every rule spans the patient's record),
/// the centre-scope check, and the lock / version / reason / completion checks (a save that lost a race becomes a conflict
/// in one place, the pipeline's concurrency behaviour). Not a repository: handlers still use <see cref="IRegistryDbContext"/> directly.
/// </summary>
internal static class ClinicalRecords
{
    /// <summary>The API and form field that carries the reason for editing a Complete form.</summary>
    public const string ReasonField = "Reason";

    /// <summary>
    /// The patient with all forms (operations with pathology and laboratory panel, follow-up events), in split queries.
    /// Another centre's patient is reported as not found.
    /// </summary>
    public static async Task<Patient> LoadPatientAsync(IRegistryDbContext db, ICurrentUser user, Guid patientId, bool tracking, CancellationToken ct)
    {
        var query = WithForms(db.Patients);
        if (!tracking)
        {
            query = query.AsNoTracking();
        }

        var patient = await query.SingleOrDefaultAsync(p => p.Id == patientId, ct);
        if (patient is null || !user.CanAccessCentre(patient.CentreId))
        {
            throw NotFoundException.For("Patient", patientId);
        }

        return patient;
    }

    /// <summary>The patient owning the form and the form itself; a form of another centre is reported as not found.</summary>
    public static async Task<(Patient Patient, ClinicalForm Form)> LoadFormAsync(
        IRegistryDbContext db, ICurrentUser user, FormKind kind, Guid id, bool tracking, CancellationToken ct)
    {
        var patientId = await RecordOwnership.PatientIdAsync(db, new RecordRef(kind, id), ct) ?? throw NotFoundException.For(kind.Label(), id);
        Patient patient;
        try
        {
            patient = await LoadPatientAsync(db, user, patientId, tracking, ct);
        }
        catch (NotFoundException)
        {
            throw NotFoundException.For(kind.Label(), id);
        }

        return (patient, FindForm(patient, kind, id) ?? throw NotFoundException.For(kind.Label(), id));
    }

    /// <summary>The operation's patient and the operation (for the pathology and laboratory forms, keyed by operation).</summary>
    public static async Task<(Patient Patient, Operation Operation)> LoadOperationAsync(
        IRegistryDbContext db, ICurrentUser user, Guid operationId, bool tracking, CancellationToken ct)
    {
        var (patient, form) = await LoadFormAsync(db, user, FormKind.Operation, operationId, tracking, ct);
        return (patient, (Operation)form);
    }

    public static IQueryable<Patient> WithForms(IQueryable<Patient> patients) => patients
        .Include(p => p.Operations).ThenInclude(o => o.Pathology)
        .Include(p => p.Operations).ThenInclude(o => o.LabPanel)
        .Include(p => p.FollowUpEvents)
        .AsSplitQuery();

    public static ClinicalForm? FindForm(Patient patient, FormKind kind, Guid id) => kind switch
    {
        FormKind.Operation => patient.Operations.FirstOrDefault(o => o.Id == id),
        FormKind.Pathology => patient.Operations.Select(o => o.Pathology).FirstOrDefault(p => p?.Id == id),
        FormKind.LabPanel => patient.Operations.Select(o => o.LabPanel).FirstOrDefault(l => l?.Id == id),
        FormKind.FollowUpEvent => patient.FollowUpEvents.FirstOrDefault(e => e.Id == id),
        _ => null,
    };

    /// <summary>A locked form is refused before anything else, as a conflict with its state (409), with a clear message.</summary>
    public static void EnsureNotLocked(ClinicalForm form)
    {
        if (form.IsLocked)
        {
            throw new ConflictException($"The {form.Kind.Label().ToLowerInvariant()} is locked by a monitor and cannot be changed until a monitor unlocks it.");
        }
    }

    /// <summary>Refuses a save based on an older version, listing the fields that differ between what was sent and what is stored.</summary>
    public static void CheckVersion<TDetails>(ClinicalForm form, int? seen, TDetails yours, TDetails stored)
    {
        if (seen is { } version && version != form.Version)
        {
            throw new ConflictException(
                $"The {form.Kind.Label().ToLowerInvariant()} was changed by someone else after you opened it (your version {version}, now {form.Version}). Review the stored values and save again.",
                Differences(yours, stored));
        }
    }

    /// <summary>Refuses a status change based on an older version.</summary>
    public static void CheckVersion(ClinicalForm form, int? seen)
    {
        if (seen is { } version && version != form.Version)
        {
            throw new ConflictException(
                $"The {form.Kind.Label().ToLowerInvariant()} was changed by someone else after you opened it (your version {version}, now {form.Version}). Reload it and try again.",
                [new FieldChange(nameof(ClinicalForm.Version), version.ToString(CultureInfo.InvariantCulture), form.Version.ToString(CultureInfo.InvariantCulture))]);
        }
    }

    /// <summary>Runs a domain change; the domain's "EditReason" field is reported as <see cref="ReasonField"/>, the name the callers send.</summary>
    public static void Apply(Action change)
    {
        try
        {
            change();
        }
        catch (DomainRuleException ex) when (ex.Field == ClinicalForm.EditReasonField)
        {
            throw new DomainRuleException(ReasonField, ex.Message);
        }
    }

    /// <summary>Completes the form, naming every mandatory field still empty (all at once, as validation does).</summary>
    public static void Complete(ClinicalForm form)
    {
        EnsureNotLocked(form);
        var missing = form.MissingMandatoryFields();
        if (missing.Count > 0)
        {
            throw new ValidationException(missing.Select(f => new ValidationFailure(f, $"{f} is required to complete the {form.Kind.Label().ToLowerInvariant()}.")));
        }

        form.Complete();
    }

    /// <summary>The fields whose values differ, compared property by property (the details records of the domain).</summary>
    public static List<FieldChange> Differences<T>(T yours, T stored)
    {
        var changes = new List<FieldChange>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var mine = property.GetValue(yours);
            var theirs = property.GetValue(stored);
            if (!Equals(mine, theirs))
            {
                changes.Add(new FieldChange(property.Name, Format(mine), Format(theirs)));
            }
        }

        return changes;
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
