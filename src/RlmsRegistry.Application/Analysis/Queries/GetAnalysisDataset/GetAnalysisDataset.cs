using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Application.Analysis.Queries.GetAnalysisDataset;

/// <summary>
/// The de-identified analysis dataset of one cohort across all centres (Admin, Investigator): one row per patient in
/// the cohort, derived by <see cref="CohortDerivation"/>; patients whose consent is withdrawn are left out.
/// </summary>
[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record GetAnalysisDatasetQuery(Cohort? Cohort) : IQuery<AnalysisDatasetDto>;
/// <summary>The data dictionary alone.</summary>
[AuthorizeRequest(Roles.Admin, Roles.Investigator)]
public sealed record GetAnalysisDictionaryQuery : IQuery<IReadOnlyList<AnalysisColumnDto>>;
/// <param name="LeftOutIndexNotComplete">Patients of the cohort left out because their index operation is still a Draft (see <see cref="AnalysisInclusion"/>).</param>
public sealed record AnalysisDatasetDto(Cohort Cohort, DateTimeOffset GeneratedAt, int RowCount, IReadOnlyList<AnalysisColumnDto> Dictionary, IReadOnlyList<AnalysisRowDto> Rows, int LeftOutIndexNotComplete = 0);

public sealed class GetAnalysisDatasetValidator : AbstractValidator<GetAnalysisDatasetQuery>
{
    public GetAnalysisDatasetValidator() =>
        RuleFor(q => q.Cohort).NotNull().WithMessage("Choose the cohort: primary or recurrent.").IsInEnum().WithMessage("The cohort must be primary or recurrent.");
}

public sealed class GetAnalysisDatasetHandler(IAnalysisDatasetSource source, IClock clock, IOptions<AnalysisSettings> settings)
    : IQueryHandler<GetAnalysisDatasetQuery, AnalysisDatasetDto>, IQueryHandler<GetAnalysisDictionaryQuery, IReadOnlyList<AnalysisColumnDto>>
{
    public async ValueTask<AnalysisDatasetDto> Handle(GetAnalysisDatasetQuery query, CancellationToken cancellationToken)
    {
        var cohort = query.Cohort!.Value;
        var rows = new List<AnalysisRowDto>();
        var leftOut = 0;
        await foreach (var (patient, centreCode) in source.PatientsAsync(cancellationToken))
        {
            var (patientRows, leftOutOf) = AnalysisInclusion.Rows(patient, centreCode, settings.Value);
            rows.AddRange(patientRows.Where(r => r.Cohort == cohort).Select(ToDto));
            leftOut += leftOutOf.Count(c => c == cohort);
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.StudyId, b.StudyId));
        return new AnalysisDatasetDto(cohort, clock.UtcNow, rows.Count, AnalysisDictionary.Columns, rows, leftOut);
    }

    public ValueTask<IReadOnlyList<AnalysisColumnDto>> Handle(GetAnalysisDictionaryQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AnalysisDictionary.Columns);

    private static AnalysisRowDto ToDto(AnalysisRow r) => AnalysisRowDtos.From(r);
}
