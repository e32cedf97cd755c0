using RlmsRegistry.Cli.Csv;
using RlmsRegistry.Cli.Data;
using RlmsRegistry.Cli.Infrastructure;
using RlmsRegistry.Cli.Output;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Cli.Commands.Analyze;

/// <summary>
/// <c>rlms analyze cif</c>: cumulative incidence of competing events (R: cmprsk::cuminc, read with timepoints at
/// each event time) with log(−log) 95% limits and, with --group, Gray's test per cause.
/// </summary>
internal sealed class CifCommand : ICommand
{
    public string Name => "analyze cif";

    public string Summary => "Cumulative incidence of competing events and Gray's test (R: cmprsk::cuminc)";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        CommonOptions.Input,
        CommonOptions.Time,
        CommonOptions.Status,
        new("group", "column whose values split the data into curves (compared by Gray's test)", ValueName: "COL"),
        CommonOptions.Format,
    ];

    public int Execute(ParsedOptions options, CommandContext context)
    {
        string timeCol = options.Get("time")!, statusCol = options.Get("status")!;
        string? groupCol = options.Get("group");
        var requests = new List<ColumnRequest> { new(timeCol, ColumnKind.Numeric), new(statusCol, ColumnKind.Numeric) };
        if (groupCol is not null)
        {
            requests.Add(new(groupCol, ColumnKind.Text));
        }

        var csv = CsvReader.Read(options.Get("input")!, requests);
        var keep = SurvivalColumns.AllRows(csv);
        SurvivalColumns.Validate(csv, timeCol, statusCol, keep, statusCodes: true);
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

        var (time, status) = SurvivalColumns.Extract(csv, timeCol, statusCol, keep);
        int[] group = levels is null ? [] : [.. levels.Codes.Where(c => c >= 0)];
        var labels = levels?.Labels ?? ["all"];
        var result = CumulativeIncidence.Fit(time, status, group, labels.Count);

        var groups = new List<CifGroupReport>(labels.Count);
        for (int g = 0; g < labels.Count; g++)
        {
            var curves = new List<CifCurveReport>(result.Causes.Count);
            for (int c = 0; c < result.Causes.Count; c++)
            {
                var curve = result.Curve(g, c);
                var rows = new CifRowReport[curve.Time.Length];
                for (int i = 0; i < rows.Length; i++)
                {
                    rows[i] = new CifRowReport(curve.Time[i], curve.Incidence[i], curve.Variance[i], curve.Lower[i], curve.Upper[i]);
                }

                curves.Add(new CifCurveReport(curve.Cause, curve.Events, rows));
            }

            groups.Add(new CifGroupReport(labels[g], result.GroupN[g], curves));
        }

        var report = new CifReport(
            result.N,
            csv.RowCount - result.N,
            result.Causes,
            "log-log",
            0.95,
            groups,
            result.GrayTests.Count == 0 ? null : [.. result.GrayTests.Select(t => new GrayTestReport(t.Cause, t.Statistic, t.Df, t.P))]);
        if (CommonOptions.IsJson(options))
        {
            Json.Write(context.Out, report, ReportJsonContext.Default.CifReport);
        }
        else
        {
            WriteTable(context.Out, report);
        }

        return RlmsCli.Success;
    }

    private static void WriteTable(TextWriter o, CifReport r)
    {
        o.WriteLine($"Cumulative incidence (Aalen-Johansen), n= {r.N}" + (r.ExcludedMissing > 0 ? $"   ({r.ExcludedMissing} observations deleted due to missingness)" : ""));
        if (r.GrayTest is not null)
        {
            o.WriteLine();
            o.WriteLine("Gray's test:");
            var t = new TextTable("cause", "stat", "df", "p");
            foreach (var g in r.GrayTest)
            {
                t.Add(g.Cause.ToString(System.Globalization.CultureInfo.InvariantCulture), TextTable.Num(g.Statistic), g.Df.ToString(System.Globalization.CultureInfo.InvariantCulture), TextTable.P(g.P));
            }

            t.Write(o);
        }

        foreach (var g in r.Groups)
        {
            foreach (var c in g.Curves)
            {
                o.WriteLine();
                o.WriteLine($"{g.Group}, cause {c.Cause}: n= {g.N}, events= {c.Events}");
                var t = new TextTable("time", "cif", "variance", "lower 95% CI", "upper 95% CI") { LabelColumn = false };
                foreach (var row in c.Table)
                {
                    t.Add(TextTable.Num(row.Time), TextTable.Num(row.Cif), TextTable.Num(row.Variance), TextTable.Num(row.Lower95), TextTable.Num(row.Upper95));
                }

                t.Write(o);
            }
        }
    }
}
