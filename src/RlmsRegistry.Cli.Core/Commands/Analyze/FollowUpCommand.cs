using RlmsRegistry.Cli.Csv;
using RlmsRegistry.Cli.Data;
using RlmsRegistry.Cli.Infrastructure;
using RlmsRegistry.Cli.Output;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Cli.Commands.Analyze;

/// <summary>
/// <c>rlms analyze followup</c>: median follow-up by reverse Kaplan–Meier
/// (R: quantile(survfit(Surv(time, 1 - status) ~ 1))).
/// </summary>
internal sealed class FollowUpCommand : ICommand
{
    public string Name => "analyze followup";

    public string Summary => "median (and quartiles of) follow-up by the reverse Kaplan-Meier method";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        CommonOptions.Input,
        CommonOptions.Time,
        CommonOptions.Event,
        CommonOptions.Format,
    ];

    public int Execute(ParsedOptions options, CommandContext context)
    {
        string timeCol = options.Get("time")!, eventCol = options.Get("event")!;
        var csv = CsvReader.Read(options.Get("input")!, [new(timeCol, ColumnKind.Numeric), new(eventCol, ColumnKind.Numeric)]);
        var keep = SurvivalColumns.AllRows(csv);
        SurvivalColumns.Validate(csv, timeCol, eventCol, keep);
        var (time, status) = SurvivalColumns.Extract(csv, timeCol, eventCol, keep);

        var result = FollowUp.ReverseKaplanMeier(time, status);

        var report = new FollowUpReport(
            result.N,
            keep.Count(k => !k),
            result.N - result.Censored,
            result.Censored,
            new ReverseKmReport(
                result.Q25.Time, result.Median.Time, result.Q75.Time,
                result.Q25.Lower, result.Q25.Upper, result.Median.Lower, result.Median.Upper, result.Q75.Lower, result.Q75.Upper));

        if (CommonOptions.IsJson(options))
        {
            Json.Write(context.Out, report, ReportJsonContext.Default.FollowUpReport);
            return RlmsCli.Success;
        }

        var o = context.Out;
        o.WriteLine($"Follow-up by reverse Kaplan-Meier: n = {report.N} ({report.ExcludedMissing} deleted due to missingness), {report.Censored} censored");
        o.WriteLine();
        var t = new TextTable("", "time", "0.95LCL", "0.95UCL");
        t.Add("25%", TextTable.Num(result.Q25.Time), TextTable.Num(result.Q25.Lower), TextTable.Num(result.Q25.Upper));
        t.Add("median", TextTable.Num(result.Median.Time), TextTable.Num(result.Median.Lower), TextTable.Num(result.Median.Upper));
        t.Add("75%", TextTable.Num(result.Q75.Time), TextTable.Num(result.Q75.Lower), TextTable.Num(result.Q75.Upper));
        t.Write(o);
        return RlmsCli.Success;
    }
}
