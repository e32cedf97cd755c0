using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Clinical;

namespace RlmsRegistry.Application.Clinical;

/// <summary>The scoped record a form id stands for.</summary>
internal static class FormScope
{
    public static RecordRef Of(FormKind kind, Guid id) => kind switch
    {
        FormKind.Operation => new(RecordKind.Operation, id),
        FormKind.Pathology => new(RecordKind.Pathology, id),
        FormKind.LabPanel => new(RecordKind.LabPanel, id),
        _ => new(RecordKind.FollowUpEvent, id),
    };
}
