using RlmsRegistry.Cli.Csv;
using RlmsRegistry.Cli.Data;
using RlmsRegistry.Cli.Infrastructure;
using RlmsRegistry.Cli.Output;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Cli.Commands.Analyze;

/// <summary>
/// <c>rlms analyze km</c>: Kaplan–Meier curves (R: survfit), medians and quartiles with CIs (quantile.survfit) and,
/// with --group, the log-rank test (survdiff).
/// </summary>
internal sealed class KmCommand : ICommand
{
    private static readonly string[] ConfTypes = ["log", "log-log", "plain"];
    private static readonly double[] Quartiles = [0.25, 0.5, 0.75];

    public string Name => "analyze km";

    public string Summary => "Kaplan-Meier survival curves, median survival and log-rank test (R: survfit, survdiff)";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        CommonOptions.Input,
        CommonOptions.Time,
        CommonOptions.Event,
        new("group", "column whose values split the data into curves (compared by the log-rank test)", ValueName: "COL"),
        new("conf-type", "confidence interval transformation (default log)", Allowed: ConfTypes),
        CommonOptions.Format,
    ];

    public int Execute(ParsedOptions options, CommandContext context)
    {
        string timeCol = options.Get("time")!, eventCol = options.Get("event")!;
        string? groupCol = options.Get("group");
        string confName = options.Get("conf-type", "log");
        var confType = confName switch
        {
            "log-log" => ConfidenceType.LogLog,
            "plain" => ConfidenceType.Plain,
            _ => ConfidenceType.Log,
        };

        var requests = new List<ColumnRequest> { new(timeCol, ColumnKind.Numeric), new(eventCol, ColumnKind.Numeric) };
        if (groupCol is not null)
        {
            requests.Add(new(groupCol, ColumnKind.Text));
        }

        var csv = CsvReader.Read(options.Get("input")!, requests);
        var keep = SurvivalColumns.AllRows(csv);
        SurvivalColumns.Validate(csv, timeCol, eventCol, keep);
        FactorLevels? levels = null;
        if (groupCol is not null)
        {
            var codes = csv.Text(groupCol).Codes;
            for (int i = 0; i < codes.Length; i++)
            {
                keep[i] &= codes[i] >= 0;
            }

            levels = FactorLevels.From(csv.Text(groupCol), keep);
        }

        int excluded = keep.Count(k => !k);
        var (time, status) = SurvivalColumns.Extract(csv, timeCol, eventCol, keep);
        int[] group = levels is null ? [] : levels.Codes.Where((_, i) => keep[i]).ToArray();
        IReadOnlyList<string> labels = levels?.Labels ?? ["all"];

        var sample = SurvivalSample.Create(time, status, group, labels.Count);
        var curves = KaplanMeier.Fit(sample, new KaplanMeierOptions { ConfidenceType = confType });
        var logRank = groupCol is null ? null : LogRank.Test(sample);

        var report = new KmReport(
            confName,
            0.95,
            time.Length,
            excluded,
            curves.Select(c => GroupReport(labels[c.Group], c)).ToList(),
            logRank is null ? null : new LogRankReport(
                logRank.ChiSquare,
                logRank.Df,
                logRank.P,
                labels.Select((l, g) => new LogRankGroupReport(l, logRank.N[g], logRank.Observed[g], logRank.Expected[g])).ToList()));

        if (CommonOptions.IsJson(options))
        {
            Json.Write(context.Out, report, ReportJsonContext.Default.KmReport);
        }
        else
        {
            WriteTable(context.Out, report, groupCol, logRank);
        }

        return RlmsCli.Success;
    }

    private static KmGroupReport GroupReport(string label, KaplanMeierCurve curve)
    {
        var quartiles = Quartiles
            .Select(p => p == 0.5 ? curve.Median : curve.Quantile(p))
            .Select(q => new QuantileReport(q.Probability, q.Time, q.Lower, q.Upper))
            .ToList();
        var rows = new KmRowReport[curve.Rows.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            var r = curve.Rows[i];
            rows[i] = new KmRowReport(r.Time, r.NRisk, r.NEvent, r.NCensor, r.Survival, r.StdErr, r.Lower, r.Upper);
        }

        return new KmGroupReport(label, curve.N, curve.Events, curve.Median.Time, curve.Median.Lower, curve.Median.Upper, quartiles, rows);
    }

    private static void WriteTable(TextWriter o, KmReport report, string? groupCol, LogRankResult? logRank)
    {
        o.WriteLine($"Kaplan-Meier estimate, {report.N} observations ({report.ExcludedMissing} deleted due to missingness), conf.type = \"{report.ConfType}\"");
        o.WriteLine();
        var summary = new TextTable("", "n", "events", "median", "0.95LCL", "0.95UCL");
        foreach (var g in report.Groups)
        {
            summary.Add(groupCol is null ? "" : $"{groupCol}={g.Group}", g.N.ToString(System.Globalization.CultureInfo.InvariantCulture),
                g.Events.ToString(System.Globalization.CultureInfo.InvariantCulture), TextTable.Num(g.Median), TextTable.Num(g.MedianLower95), TextTable.Num(g.MedianUpper95));
        }

        summary.Write(o);
        foreach (var g in report.Groups)
        {
            o.WriteLine();
            if (groupCol is not null)
            {
                o.WriteLine($"                {groupCol}={g.Group}");
            }

            var t = new TextTable("time", "n.risk", "n.event", "n.censor", "survival", "std.err", "lower 95% CI", "upper 95% CI") { LabelColumn = false };
            foreach (var r in g.Table)
            {
                t.Add(TextTable.Num(r.Time, 6), Int(r.NRisk), Int(r.NEvent), Int(r.NCensor), TextTable.Num(r.Survival, 3), TextTable.Num(r.StdErr, 3), TextTable.Num(r.Lower95, 3), TextTable.Num(r.Upper95, 3));
            }

            t.Write(o);
        }

        if (logRank is not null && report.LogRank is not null)
        {
            o.WriteLine();
            o.WriteLine("Log-rank test (survdiff, rho = 0):");
            var t = new TextTable("", "N", "Observed", "Expected");
            foreach (var g in report.LogRank.Groups)
            {
                t.Add($"{groupCol}={g.Group}", Int(g.N), TextTable.Num(g.Observed), TextTable.Num(g.Expected, 4));
            }

            t.Write(o);
            o.WriteLine();
            o.WriteLine($" Chisq= {TextTable.Num(logRank.ChiSquare, 3)}  on {logRank.Df} degrees of freedom, p= {TextTable.P(logRank.P)}");
        }
    }

    private static string Int(int v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
