using RlmsRegistry.Domain.Clinical;

namespace RlmsRegistry.Application.Common.Security;

/// <summary>
/// A centre-owned record a request acts on: a patient (<see cref="Form"/> null), one of a patient's forms, or a monitor's
/// data query about a form (<see cref="DataQuery"/>). Whose it is — query → form → patient → centre — is answered in one
/// place, <see cref="RecordOwnership"/>.
/// </summary>
public readonly record struct RecordRef(FormKind? Form, Guid Id)
{
    public static RecordRef ForPatient(Guid id) => new(null, id);

    public static RecordRef ForDataQuery(Guid id) => new(null, id) { DataQuery = true };

    /// <summary>True when <see cref="Id"/> names a data query rather than a patient or a form.</summary>
    public bool DataQuery { get; init; }

    /// <summary>What users call the record ("Patient", "Laboratory panel", "Data query").</summary>
    public string Label => DataQuery ? "Data query" : Form?.Label() ?? "Patient";
}

/// <summary>
/// A request about one centre-owned record. The scope behaviour checks, before validation, that the caller may see
/// the record's centre; otherwise the request answers 404 whatever its body, so ids of other centres cannot be probed.
/// Handlers check again against the record they load.
/// </summary>
public interface IRecordScoped
{
    /// <summary>The record, or null when the request creates one and names no existing record.</summary>
    RecordRef? Record { get; }
}
