using RlmsRegistry.Domain.Clinical;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Domain.Tests.TestSupport;

/// <summary>Complete, plausible form values; tests change what they are about with <c>with { … }</c>.</summary>
internal static class Forms
{
    public static DateOnly D(int year, int month, int day) => new(year, month, day);

    public static OperationDetails Primary(DateOnly date) => new()
    {
        Date = date,
        Setting = OperationSetting.Primary,
        Resection = ResectionCompleteness.R0,
        MaxDiameterCm = 12m,
        Multifocal = false,
        OrgansResected = 1,
        VascularResection = VascularResection.None,
        TumourOrigin = TumourOrigin.RetroperitonealSoftTissue,
        BloodLossMl = 800,
        Transfused = false,
        OperativeTimeMinutes = 240,
        ClavienDindo = ClavienDindoGrade.II,
        AsaScore = 2,
        NeoadjuvantRadiotherapy = false,
        NeoadjuvantChemotherapy = false,
        AdjuvantRadiotherapy = false,
        AdjuvantChemotherapy = false,
    };

    public static OperationDetails Recurrence(DateOnly date, int number, bool primaryOutside = false, DateOnly? outsidePrimaryDate = null) =>
        Primary(date) with
        {
            Setting = OperationSetting.Recurrence,
            RecurrenceNumber = number,
            PrimaryOperatedOutside = primaryOutside,
            OutsidePrimaryDate = outsidePrimaryDate,
        };

    public static PathologyDetails PathologyReport(int differentiation = 2, int mitoses = 12, Necrosis necrosis = Necrosis.LessThan50, FnclccGrade? reported = null) => new()
    {
        Histotype = Histotype.ConventionalLeiomyosarcoma,
        DifferentiationScore = differentiation,
        MitoticCountPer10Hpf = mitoses,
        Necrosis = necrosis,
        ReportedGrade = reported,
        MarginStatus = MarginStatus.Negative,
    };

    public static LabPanelDetails Lab(DateOnly drawDate, decimal platelets = 280m, decimal neutrophils = 4.2m, decimal lymphocytes = 1.4m) => new()
    {
        DrawDate = drawDate,
        PlateletsE9PerL = platelets,
        NeutrophilsE9PerL = neutrophils,
        LymphocytesE9PerL = lymphocytes,
    };

    public static FollowUpEventDetails Event(DateOnly date, FollowUpEventType type) => new()
    {
        Date = date,
        Type = type,
        DiseaseStatus = type == FollowUpEventType.Visit ? DiseaseStatus.NoEvidenceOfDisease : null,
        Site = type == FollowUpEventType.DistantMetastasis ? MetastasisSite.Lung : null,
        CauseOfDeath = type == FollowUpEventType.Death ? CauseOfDeath.Disease : null,
    };

    /// <summary>Asserts that <paramref name="act"/> breaks a registry rule about <paramref name="field"/>.</summary>
    public static DomainRuleException Rejected(string field, Action act)
    {
        var ex = Assert.Throws<DomainRuleException>(act);
        Assert.Equal(field, ex.Field);
        return ex;
    }
}
