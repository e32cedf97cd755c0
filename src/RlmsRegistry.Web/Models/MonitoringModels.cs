using RlmsRegistry.Application.Centres;

namespace RlmsRegistry.Web.Models;

public sealed class QueryListViewModel
{
    public required RlmsRegistry.Application.Common.Models.PagedResult<RlmsRegistry.Application.DataQueries.DataQueryDto> Result { get; init; }

    public IReadOnlyList<CentreDto> Centres { get; init; } = [];

    public Guid? CentreId { get; init; }

    public RlmsRegistry.Domain.Monitoring.QueryStatus? Status { get; init; }
}

public sealed class FollowUpDueViewModel
{
    public required RlmsRegistry.Application.Monitoring.FollowUpDueDto List { get; init; }

    public IReadOnlyList<CentreDto> Centres { get; init; } = [];

    public Guid? CentreId { get; init; }
}

public sealed class AuditSearchViewModel
{
    public required RlmsRegistry.Application.Common.Models.PagedResult<RlmsRegistry.Application.Audit.Queries.AuditLineDto> Result { get; init; }

    public IReadOnlyList<CentreDto> Centres { get; init; } = [];

    public RlmsRegistry.Application.Audit.Queries.SearchAuditQuery Filter { get; init; } = new();

    /// <summary>Set on the history page of one record (a form, a patient).</summary>
    public string? Title { get; init; }

    public string PageUrl(int page)
    {
        var f = Filter;
        var q = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                q.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("centreId", f.CentreId?.ToString());
        Add("studyId", f.StudyId);
        Add("formKind", f.FormKind);
        Add("user", f.User);
        Add("action", f.Action);
        Add("from", f.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add("to", f.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/Audit?" + string.Join("&", q);
    }
}
