using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Analysis;
using RlmsRegistry.Application.Analysis.Queries.GetPaperReport;
using RlmsRegistry.Cli.Commands.Analyze;
using RlmsRegistry.Cli.Infrastructure;
using RlmsRegistry.Cli.Output;
using RlmsRegistry.Infrastructure.Identity;
using RlmsRegistry.Infrastructure.Persistence;

namespace RlmsRegistry.Cli.Commands.Registry;

/// <summary>
/// <c>rlms report paper</c>: the published figures of Lu et al. 2025 next to the registry's own, computed by the survival
/// engine from the analysis dataset (the <see cref="GetPaperReportQuery"/> a dashboard page uses too).
/// </summary>
internal sealed class ReportPaperCommand : ICommand
{
    public string Name => "report paper";

    public string Summary => "the published study's figures side by side with the registry's (cohorts, censoring, median OS and follow-up, independent factors)";

    public IReadOnlyList<OptionSpec> Options { get; } = [CommonOptions.Format, RegistryHost.Provider, RegistryHost.Connection];

    public int Execute(ParsedOptions options, CommandContext context)
    {
        var json = CommonOptions.IsJson(options);
        using var services = RegistryHost.Build(options);
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAsSystem("system:cli-report");
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        if (!db.Database.CanConnect() || db.Database.GetPendingMigrations().Any())
        {
            throw new InputException("the database is missing or not at the latest migration: run 'rlms db migrate' (and 'rlms seed demo') first");
        }

        var report = scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetPaperReportQuery()).AsTask().GetAwaiter().GetResult();
        if (json)
        {
            Json.Write(context.Out, report, RegistryReportJsonContext.Default.PaperReportDto);
            return RlmsCli.Success;
        }

        Write(report, context.Out);
        return RlmsCli.Success;
    }

    private static void Write(PaperReportDto report, TextWriter o)
    {
        o.WriteLine($"Paper reproduction: {report.Citation}");
        o.WriteLine($"Registry figures: {report.Label}.");
        o.WriteLine($"Analysis dataset fingerprint (SHA-256): {report.DatasetFingerprint}");
        o.WriteLine();
        var primary = report.Cohorts[0];
        var recurrent = report.Cohorts[1];
        var t = new TextTable("", "primary: paper", "primary: registry", "recurrent: paper", "recurrent: registry");
        t.Add("patients", N(primary.Published.Patients), N(primary.Registry.Patients), N(recurrent.Published.Patients), N(recurrent.Registry.Patients));
        t.Add("censored", Censored(primary.Published), Censored(primary.Registry), Censored(recurrent.Published), Censored(recurrent.Registry));
        t.Add("median OS, months (95% CI)", M(primary.Published.MedianOsMonths), Os(primary.Registry.MedianOs), M(recurrent.Published.MedianOsMonths), Os(recurrent.Registry.MedianOs));
        t.Add("median follow-up, months (IQR)", Fu(primary.Published), Fu(primary.Registry.MedianFollowUp), Fu(recurrent.Published), Fu(recurrent.Registry.MedianFollowUp));
        t.Add("independent factors", Factors(primary.Published.IndependentFactors), Factors(primary.Registry.IndependentFactors),
            Factors(recurrent.Published.IndependentFactors), Factors(recurrent.Registry.IndependentFactors));
        t.Write(o);
        foreach (var cohort in report.Cohorts)
        {
            o.WriteLine();
            o.WriteLine($"{cohort.Cohort} cohort: univariable Cox per factor (LR p), multivariable model of those with p < 0.05 (Efron ties)");
            var f = new TextTable("factor", "paper", "univariable p", "term", "HR", "95% CI", "p", "registry");
            foreach (var factor in cohort.Factors)
            {
                var paper = factor.PublishedIndependent ? "independent" : "-";
                var registry = factor.RegistryIndependent ? "independent" : "-";
                var uni = factor.UnivariableP is { } p ? TextTable.P(p) : "NA";
                if (factor.Terms.Count == 0)
                {
                    f.Add(factor.Factor, paper, uni, "(not in model)", "", "", "", registry);
                    continue;
                }

                foreach (var term in factor.Terms)
                {
                    f.Add(factor.Factor, paper, uni, term.Term, TextTable.Num(term.HazardRatio), $"{TextTable.Num(term.Lower95)}–{TextTable.Num(term.Upper95)}", TextTable.P(term.P), registry);
                }
            }

            f.Write(o, "  ");
            foreach (var warning in cohort.Registry.Warnings.Concat(cohort.Registry.Multivariable?.Warnings ?? []))
            {
                o.WriteLine($"  note: {warning}");
            }
        }

        o.WriteLine();
        o.WriteLine("A factor is independent when one of its multivariable terms has p < 0.05 (grade: G2 or G3 against G1).");
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string M(double? months) => months is { } m ? m.ToString("0.#", CultureInfo.InvariantCulture) : "not reached";

    private static string Censored(PublishedCohortFigures p) => $"{p.Censored} ({p.CensoredPercent.ToString("0.0", CultureInfo.InvariantCulture)} %)";

    private static string Censored(RegistryCohortFiguresDto r) => $"{r.Censored} ({r.CensoredPercent.ToString("0.0", CultureInfo.InvariantCulture)} %)";

    private static string Os(Estimate? e) => e?.Value is null ? "not reached" : $"{M(e.Value)} ({M(e.Lower)}–{(e.Upper is null ? "NA" : M(e.Upper))})";

    private static string Fu(PublishedCohortFigures p) => $"{M(p.MedianFollowUpMonths)} ({M(p.FollowUpQ25Months)}–{M(p.FollowUpQ75Months)})";

    private static string Fu(FollowUpSummary? s) => s?.Median is null ? "NA" : $"{M(s.Median)} ({M(s.Q25)}–{(s.Q75 is null ? "NA" : M(s.Q75))})";

    private static string Factors(IReadOnlyList<string> keys) => keys.Count == 0 ? "none" : string.Join(", ", keys.Select(Short));

    private static string Short(string key) => key switch
    {
        "maxDiameterCm" => "diameter",
        "fnclccGrade" => "grade",
        "plateletsE9PerL" => "PLT",
        "nlr" => "NLR",
        "dfiMonths" => "DFI",
        "ageAtSurgery" => "age",
        _ => key,
    };
}
