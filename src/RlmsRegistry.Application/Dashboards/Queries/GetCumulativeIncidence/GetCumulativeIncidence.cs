using FluentValidation;
using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Application.Dashboards.Queries.GetDashboards;

namespace RlmsRegistry.Application.Dashboards.Queries.GetCumulativeIncidence;

/// <summary>
/// The cohort's cumulative incidence of the recurrence endpoints by <see cref="By"/> (overall, fnclccGrade, resection)
/// from the newest published snapshot (Admin, Investigator; counts of 1–4 suppressed for Investigators).
/// </summary>
[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record GetCumulativeIncidenceFigureQuery(string Cohort, string By) : IQuery<DashboardResponse<CumulativeIncidenceFigure>>;

public sealed class GetCumulativeIncidenceFigureValidator : AbstractValidator<GetCumulativeIncidenceFigureQuery>
{
    public GetCumulativeIncidenceFigureValidator()
    {
        RuleFor(q => q.Cohort).Must(DashboardNames.IsCohort).WithMessage("The cohort must be primary or recurrent.");
        RuleFor(q => q.By).Must(CumulativeIncidenceFigures.IsChoice)
            .WithMessage("Cumulative incidence curves are drawn by one of: " + string.Join(", ", CumulativeIncidenceFigures.Choices.Select(c => c.By)) + ".");
    }
}

public sealed class GetCumulativeIncidenceFigureHandler(ICurrentUser user, CurrentSnapshotReader newest)
    : IQueryHandler<GetCumulativeIncidenceFigureQuery, DashboardResponse<CumulativeIncidenceFigure>>
{
    public async ValueTask<DashboardResponse<CumulativeIncidenceFigure>> Handle(GetCumulativeIncidenceFigureQuery query, CancellationToken cancellationToken)
    {
        var suppress = !user.SeesAllCentres;
        var snapshot = await newest.GetAsync(cancellationToken);
        if (snapshot?.Results.Cohorts.FirstOrDefault(c => c.Cohort == query.Cohort) is not { } cohort)
        {
            return new(snapshot?.Info, suppress, null);
        }

        return new(snapshot.Info, suppress, snapshot.Memoize($"cif:{query.Cohort}:{query.By}:{suppress}", () => CumulativeIncidenceFigures.Build(cohort, query.By, suppress)));
    }
}
