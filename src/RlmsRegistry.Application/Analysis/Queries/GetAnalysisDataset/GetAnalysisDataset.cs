using System.Globalization;
using System.Text;
using FluentValidation;
using Mediator;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;
using RlmsRegistry.Domain.Patients;

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

public sealed record AnalysisRowDto(
    string StudyId,
    string Centre,
    Cohort Cohort,
    DateOnly IndexDate,
    int AgeAtSurgery,
    Sex Sex,
    decimal? MaxDiameterCm,
    int? FnclccGrade,
    decimal? PlateletsE9PerL,
    decimal? Nlr,
    ResectionCompleteness? Resection,
    bool? Multifocal,
    double? DfiMonths,
    double OsMonths,
    int OsEvent);

public sealed record AnalysisDatasetDto(Cohort Cohort, DateTimeOffset GeneratedAt, int RowCount, IReadOnlyList<AnalysisColumnDto> Dictionary, IReadOnlyList<AnalysisRowDto> Rows);

public sealed class GetAnalysisDatasetValidator : AbstractValidator<GetAnalysisDatasetQuery>
{
    public GetAnalysisDatasetValidator() =>
        RuleFor(q => q.Cohort).NotNull().WithMessage("Choose the cohort: primary or recurrent.").IsInEnum().WithMessage("The cohort must be primary or recurrent.");
}

public sealed class GetAnalysisDatasetHandler(IAnalysisDatasetSource source, IClock clock)
    : IQueryHandler<GetAnalysisDatasetQuery, AnalysisDatasetDto>, IQueryHandler<GetAnalysisDictionaryQuery, IReadOnlyList<AnalysisColumnDto>>
{
    public async ValueTask<AnalysisDatasetDto> Handle(GetAnalysisDatasetQuery query, CancellationToken cancellationToken)
    {
        var cohort = query.Cohort!.Value;
        var rows = new List<AnalysisRowDto>();
        await foreach (var (patient, centreCode) in source.PatientsAsync(cancellationToken))
        {
            var row = cohort == Cohort.Primary ? CohortDerivation.PrimaryRow(patient, centreCode) : CohortDerivation.RecurrentRow(patient, centreCode);
            if (row is not null)
            {
                rows.Add(ToDto(row));
            }
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.StudyId, b.StudyId));
        return new AnalysisDatasetDto(cohort, clock.UtcNow, rows.Count, AnalysisDictionary.Columns, rows);
    }

    public ValueTask<IReadOnlyList<AnalysisColumnDto>> Handle(GetAnalysisDictionaryQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AnalysisDictionary.Columns);

    private static AnalysisRowDto ToDto(AnalysisRow r) => AnalysisRowDtos.From(r);
}

public static class AnalysisRowDtos
{
    public static AnalysisRowDto From(AnalysisRow r) => new(
        r.StudyId, r.CentreCode, r.Cohort, r.IndexDate, r.AgeAtSurgery, r.Sex, r.MaxDiameterCm, (int?)r.FnclccGrade,
        r.PlateletsE9PerL, r.Nlr, r.Resection, r.Multifocal, r.DfiMonths, r.OsMonths, r.OsEvent);
}

/// <summary>
/// The dataset as CSV (RFC 4180, invariant culture, empty cell for a missing value), header = dictionary names. Canonical:
/// a decimal is rounded to 10 places and written without trailing zeros (2.5, never 2.50 from one provider and 2.5 from
/// another), so the snapshot's fingerprint (<see cref="AnalysisFingerprint"/>) can be the hash of this text.
/// </summary>
public static class AnalysisCsv
{
    public static string Write(IEnumerable<AnalysisRowDto> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', AnalysisDictionary.Columns.Select(c => c.Name)).Append('\n');
        foreach (var r in rows)
        {
            sb.AppendJoin(',',
                r.StudyId,
                r.Centre,
                r.Cohort.Name(),
                r.IndexDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.AgeAtSurgery.ToString(CultureInfo.InvariantCulture),
                r.Sex == Sex.Female ? "female" : "male",
                Number(r.MaxDiameterCm),
                r.FnclccGrade?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                Number(r.PlateletsE9PerL),
                Number(r.Nlr),
                r.Resection?.ToString() ?? string.Empty,
                r.Multifocal is { } m ? (m ? "1" : "0") : string.Empty,
                r.DfiMonths?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty,
                r.OsMonths.ToString("R", CultureInfo.InvariantCulture),
                r.OsEvent.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }

    private static string Number(decimal? value) =>
        value is { } v ? Math.Round(v, 10).ToString("0.##########", CultureInfo.InvariantCulture) : string.Empty;
}
