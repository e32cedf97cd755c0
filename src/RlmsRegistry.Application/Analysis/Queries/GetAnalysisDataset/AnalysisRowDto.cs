using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Analysis.Queries.GetAnalysisDataset;

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
    int OsEvent,
    double RecurrenceMonths,
    int RecurrenceStatus,
    double? LocalRecurrenceMonths,
    double? DistantMetastasisMonths);

public static class AnalysisRowDtos
{
    public static AnalysisRowDto From(AnalysisRow r) => new(
        r.StudyId, r.CentreCode, r.Cohort, r.IndexDate, r.AgeAtSurgery, r.Sex, r.MaxDiameterCm, (int?)r.FnclccGrade,
        r.PlateletsE9PerL, r.Nlr, r.Resection, r.Multifocal, r.DfiMonths, r.OsMonths, r.OsEvent,
        r.RecurrenceMonths, r.RecurrenceStatus, r.LocalRecurrenceMonths, r.DistantMetastasisMonths);
}
