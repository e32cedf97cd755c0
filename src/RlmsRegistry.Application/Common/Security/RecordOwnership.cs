using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Domain.Clinical;

namespace RlmsRegistry.Application.Common.Security;

/// <summary>
/// The one home of "whose record is this": a form belongs to its patient (a pathology report and a laboratory panel through
/// their operation) and a patient to a centre. Used by the scope behaviour (the centre of a requested record), the form
/// handlers (the patient of a form) and the DbContext (a changed form's patient, for the patient's version and the audit
/// trail's centre). Queries go through <see cref="IRegistryDbContext"/>, so the caller's centre filter applies to them.
/// </summary>
public static class RecordOwnership
{
    /// <summary>The id of the patient the record belongs to (itself for a patient), or null when there is no such record.</summary>
    public static Task<Guid?> PatientIdAsync(IRegistryDbContext db, RecordRef record, CancellationToken ct) =>
        PatientIds(db, record).Select(id => (Guid?)id).FirstOrDefaultAsync(ct);

    /// <summary>The id of the centre the record belongs to, or null when there is no such record.</summary>
    public static Task<Guid?> CentreIdAsync(IRegistryDbContext db, RecordRef record, CancellationToken ct) =>
        PatientIds(db, record).Join(db.Patients, id => id, p => p.Id, (_, p) => (Guid?)p.CentreId).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The record a form hangs on: its patient, or for a pathology report and a laboratory panel their operation.
    /// </summary>
    public static RecordRef OwnerOf(ClinicalForm form) => form switch
    {
        Operation o => RecordRef.ForPatient(o.PatientId),
        FollowUpEvent e => RecordRef.ForPatient(e.PatientId),
        Pathology x => new(FormKind.Operation, x.OperationId),
        LabPanel x => new(FormKind.Operation, x.OperationId),
        _ => throw new ArgumentOutOfRangeException(nameof(form), form.Kind, "Unknown form kind."),
    };

    /// <summary>
    /// The patient of a form in memory (changes not saved yet); <paramref name="patientOfOperation"/> finds the patient of
    /// the operation a pathology report or laboratory panel hangs on (null when it does not know).
    /// </summary>
    public static Guid? PatientIdOf(ClinicalForm form, Func<Guid, Guid?> patientOfOperation) =>
        OwnerOf(form) is { Form: null } patient ? patient.Id : patientOfOperation(OwnerOf(form).Id);

    private static IQueryable<Guid> PatientIds(IRegistryDbContext db, RecordRef record)
    {
        var id = record.Id;
        if (record.DataQuery)
        {
            return db.DataQueries.Where(q => q.Id == id).Select(q => q.PatientId);
        }

        return record.Form switch
        {
            null => db.Patients.Where(p => p.Id == id).Select(p => p.Id),
            FormKind.Operation => db.Operations.Where(o => o.Id == id).Select(o => o.PatientId),
            FormKind.FollowUpEvent => db.FollowUpEvents.Where(e => e.Id == id).Select(e => e.PatientId),
            FormKind.Pathology => db.PathologyReports.Where(x => x.Id == id).Join(db.Operations, x => x.OperationId, o => o.Id, (_, o) => o.PatientId),
            FormKind.LabPanel => db.LabPanels.Where(x => x.Id == id).Join(db.Operations, x => x.OperationId, o => o.Id, (_, o) => o.PatientId),
            _ => throw new ArgumentOutOfRangeException(nameof(record), record.Form, "Unknown form kind."),
        };
    }
}
