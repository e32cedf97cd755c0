using RlmsRegistry.Domain.Analysis;
using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Application.Analysis.Commands.RefitSurvivalModels;

/// <summary>
/// The overview dashboard's per-centre figures (patients, cohort rows, form completeness, follow-up seen in the last
/// 12 months) and accrual by year, gathered while the patients stream past the refit — one pass, no rescans.
/// </summary>
internal sealed class RegistryOverviewBuilder(DateTimeOffset now)
{
    private readonly Dictionary<string, CentreTally> _centres = new(StringComparer.Ordinal);
    private readonly DateOnly _seenSince = DateOnly.FromDateTime(now.UtcDateTime).AddMonths(-12);

    public void Add(Patient patient, string centre, IReadOnlyList<AnalysisRow> rows)
    {
        if (!_centres.TryGetValue(centre, out var c))
        {
            _centres[centre] = c = new CentreTally();
        }

        c.Patients++;
        c.Primary += rows.Count(r => r.Cohort == Cohort.Primary);
        c.Recurrent += rows.Count(r => r.Cohort == Cohort.Recurrent);
        IEnumerable<ClinicalForm> forms = patient.Operations.SelectMany(o => new ClinicalForm?[] { o, o.Pathology, o.LabPanel }).OfType<ClinicalForm>()
            .Concat(patient.FollowUpEvents);
        foreach (var form in forms)
        {
            c.Forms++;
            if (form.Status == RecordStatus.Complete)
            {
                c.Complete++;
            }
        }

        var last = patient.FollowUpEvents.OrderBy(e => e.Date).LastOrDefault();
        if (patient.FindDeath() is null && last?.Type != FollowUpEventType.LostToFollowUp)
        {
            c.AliveNotLost++;
            if (patient.LastKnownAliveDate() is { } d && d >= _seenSince)
            {
                c.Seen++;
            }
        }
    }

    public RegistryOverview Build(IReadOnlyList<AnalysisRow> rows, long auditHighWaterMark) => new(
        _centres.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new CentreOverview(
            kv.Key, kv.Value.Patients, kv.Value.Primary, kv.Value.Recurrent, kv.Value.Forms, kv.Value.Complete, kv.Value.AliveNotLost, kv.Value.Seen)).ToList(),
        rows.GroupBy(r => (r.IndexDate.Year, r.CentreCode, r.Cohort)).OrderBy(g => g.Key.Year).ThenBy(g => g.Key.CentreCode, StringComparer.Ordinal)
            .Select(g => new AccrualCount(g.Key.Year, g.Key.CentreCode, g.Key.Cohort.Name(), g.Count())).ToList(),
        auditHighWaterMark);

    /// <summary>
    /// The registry-wide figures can change without the analysis dataset changing — e.g. a patient registered before their
    /// first operation — and then deserve a new snapshot.
    /// </summary>
    public static bool Same(RegistryOverview? stored, RegistryOverview current) =>
        stored is not null
        && stored.Centres.SequenceEqual(current.Centres)
        && stored.Accrual.SequenceEqual(current.Accrual);

    private sealed class CentreTally
    {
        public int Patients { get; set; }

        public int Primary { get; set; }

        public int Recurrent { get; set; }

        public int Forms { get; set; }

        public int Complete { get; set; }

        public int AliveNotLost { get; set; }

        public int Seen { get; set; }
    }
}
