namespace RlmsRegistry.Domain.Clinical;

/// <summary>What users call each kind of form.</summary>
public static class FormKindLabels
{
    /// <summary>The form's name at the start of a sentence ("Laboratory panel"); lower-case it inside one.</summary>
    public static string Label(this FormKind kind) => kind switch
    {
        FormKind.Operation => "Operation",
        FormKind.Pathology => "Pathology report",
        FormKind.LabPanel => "Laboratory panel",
        FormKind.FollowUpEvent => "Follow-up event",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown form kind."),
    };
}
