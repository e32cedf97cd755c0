using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Dashboards.Queries.GetDashboards;

// The dashboards' figures (Admin, Investigator), all read from the newest published snapshot: never recomputed on a
// page view. Investigators (no row-level access) get counts of 1–4 as "<5".

[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record GetOverviewDashboardQuery : IQuery<DashboardResponse<OverviewFigure>>;

[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record GetCohortDashboardQuery(string Cohort) : IQuery<DashboardResponse<CohortSummary>>;

[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record GetKaplanMeierFigureQuery(string Cohort, string By) : IQuery<DashboardResponse<KmFigure>>;

[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record GetCohortModelsQuery(string Cohort) : IQuery<DashboardResponse<ModelsFigure>>;

[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record GetPaperComparisonQuery : IQuery<DashboardResponse<PaperComparison>>;

[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record GetSnapshotHistoryQuery : IQuery<DashboardResponse<HistoryFigure>>;

public static class DashboardNames
{
    public static readonly IReadOnlyList<string> Cohorts = ["primary", "recurrent"];

    public static bool IsCohort(string? cohort) => cohort is not null && Cohorts.Contains(cohort, StringComparer.Ordinal);

    public static bool IsCurveSet(string? by) => by is not null && DashboardFigures.CurveChoices.Any(c => c.By == by);

    /// <summary>The pages' curve set: the one asked for when it exists, else the overall curve.</summary>
    public static string CurveSetOrOverall(string? by) => IsCurveSet(by) ? by! : "overall";
}

public sealed class GetKaplanMeierFigureValidator : AbstractValidator<GetKaplanMeierFigureQuery>
{
    public GetKaplanMeierFigureValidator()
    {
        RuleFor(q => q.Cohort).Must(DashboardNames.IsCohort).WithMessage("The cohort must be primary or recurrent.");
        RuleFor(q => q.By).Must(DashboardNames.IsCurveSet)
            .WithMessage("Curves are drawn by one of: " + string.Join(", ", DashboardFigures.CurveChoices.Select(c => c.By)) + ".");
    }
}

public sealed class GetCohortDashboardValidator : AbstractValidator<GetCohortDashboardQuery>
{
    public GetCohortDashboardValidator() =>
        RuleFor(q => q.Cohort).Must(DashboardNames.IsCohort).WithMessage("The cohort must be primary or recurrent.");
}

public sealed class GetCohortModelsValidator : AbstractValidator<GetCohortModelsQuery>
{
    public GetCohortModelsValidator() =>
        RuleFor(q => q.Cohort).Must(DashboardNames.IsCohort).WithMessage("The cohort must be primary or recurrent.");
}

public sealed class GetDashboardsHandler(Lazy<IRegistryDbContext> database, ICurrentUser user, SnapshotCache cache, CurrentSnapshotReader newest)
    : IQueryHandler<GetOverviewDashboardQuery, DashboardResponse<OverviewFigure>>,
        IQueryHandler<GetCohortDashboardQuery, DashboardResponse<CohortSummary>>,
        IQueryHandler<GetKaplanMeierFigureQuery, DashboardResponse<KmFigure>>,
        IQueryHandler<GetCohortModelsQuery, DashboardResponse<ModelsFigure>>,
        IQueryHandler<GetPaperComparisonQuery, DashboardResponse<PaperComparison>>,
        IQueryHandler<GetSnapshotHistoryQuery, DashboardResponse<HistoryFigure>>
{
    /// <summary>The history shows at most this many of the newest snapshots.</summary>
    public const int HistoryLength = 200;

    /// <summary>The database, built only by the figures that read it (the cohort page's are all in the snapshot).</summary>
    private IRegistryDbContext Db => database.Value;

    /// <summary>Users without row-level access to every centre see small counts suppressed.</summary>
    private bool Suppress => !user.SeesAllCentres;

    public async ValueTask<DashboardResponse<OverviewFigure>> Handle(GetOverviewDashboardQuery query, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        if (snapshot is null)
        {
            return new(null, Suppress, null);
        }

        // Has registry data changed since the snapshot's read? One seek per entity on the (Entity, Id) index; account
        // changes (a failed sign-in, a new password) are in the trail too but change no figure. Remembered like the
        // newest snapshot (ADR 0016): any registry data saved by this process makes the next overview ask again.
        if (!cache.TryGetDataMark(out var mark))
        {
            var generation = cache.DataMarkGeneration;
            mark = await Db.AuditTrail.Where(a => Audit.AuditEntry.RegistryDataEntities.Contains(a.Entity)).MaxAsync(a => (long?)a.Id, cancellationToken) ?? 0;
            cache.RememberDataMark(mark, generation);
        }

        var suppress = Suppress;
        var figure = snapshot.Memoize($"overview:{suppress}", () => DashboardFigures.Overview(snapshot.Results, suppress));
        return new(snapshot.Info, suppress, DashboardFigures.WithAuditMark(figure, snapshot.Results.Overview, mark));
    }

    public async ValueTask<DashboardResponse<CohortSummary>> Handle(GetCohortDashboardQuery query, CancellationToken cancellationToken) =>
        await FigureAsync(query.Cohort, $"cohort:{query.Cohort}", (s, c, suppress) => DashboardFigures.Cohort(s.Results, c, suppress), cancellationToken);

    public async ValueTask<DashboardResponse<KmFigure>> Handle(GetKaplanMeierFigureQuery query, CancellationToken cancellationToken) =>
        await FigureAsync(query.Cohort, $"km:{query.Cohort}:{query.By}", (_, c, suppress) => DashboardFigures.KaplanMeier(c, query.By, suppress), cancellationToken);

    public async ValueTask<DashboardResponse<ModelsFigure>> Handle(GetCohortModelsQuery query, CancellationToken cancellationToken) =>
        await FigureAsync(query.Cohort, $"models:{query.Cohort}", (_, c, suppress) => DashboardFigures.Models(c, suppress), cancellationToken);

    public async ValueTask<DashboardResponse<PaperComparison>> Handle(GetPaperComparisonQuery query, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        var suppress = Suppress;
        return snapshot is null
            ? new(null, suppress, null)
            : new(snapshot.Info, suppress, snapshot.Memoize($"paper:{suppress}", () => DashboardFigures.Paper(snapshot.Results, suppress)));
    }

    public async ValueTask<DashboardResponse<HistoryFigure>> Handle(GetSnapshotHistoryQuery query, CancellationToken cancellationToken)
    {
        var list = await Db.AnalysisSnapshots.AsNoTracking()
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => new { s.Id, s.CreatedAt, s.Trigger })
            .Take(HistoryLength)
            .ToListAsync(cancellationToken);
        if (list.Count == 0)
        {
            return new(null, Suppress, null);
        }

        list.Reverse();
        var points = new List<(HistoryPoint, IReadOnlyList<(string, TermRow)>)>();
        foreach (var s in list)
        {
            if (!cache.TryGetHistory(s.Id, out var point, out var terms))
            {
                var json = await Db.AnalysisSnapshots.AsNoTracking().Where(x => x.Id == s.Id).Select(x => x.ResultsJson).SingleAsync(cancellationToken);
                (point, terms) = DashboardFigures.HistoryOf(s.Id, s.CreatedAt, s.Trigger, AnalysisJson.Deserialize<AnalysisResults>(json));
                cache.StoreHistory(s.Id, point, terms);
            }

            points.Add((point, terms));
        }

        var current = await CurrentAsync(cancellationToken);
        return new(current?.Info, Suppress, DashboardFigures.History(points, Suppress));
    }

    private Task<PublishedSnapshot?> CurrentAsync(CancellationToken cancellationToken) => newest.GetAsync(cancellationToken);

    private async Task<DashboardResponse<T>> FigureAsync<T>(string cohort, string key, Func<PublishedSnapshot, CohortResults, bool, T> build, CancellationToken cancellationToken)
        where T : class
    {
        var snapshot = await CurrentAsync(cancellationToken);
        var suppress = Suppress;
        if (snapshot?.Results.Cohorts.FirstOrDefault(c => c.Cohort == cohort) is not { } results)
        {
            return new(snapshot?.Info, suppress, null);
        }

        return new(snapshot.Info, suppress, snapshot.Memoize($"{key}:{suppress}", () => build(snapshot, results, suppress)));
    }
}
