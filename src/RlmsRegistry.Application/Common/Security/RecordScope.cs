namespace RlmsRegistry.Application.Common.Security;

/// <summary>The kinds of centre-owned record a request can point at.</summary>
public enum RecordKind
{
    Patient,
    Operation,
    FollowUpEvent,
    Pathology,
    LabPanel,
    DataQuery,
}

/// <summary>A centre-owned record a request acts on.</summary>
public readonly record struct RecordRef(RecordKind Kind, Guid Id);

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
