using RlmsRegistry.Cli.Csv;
using RlmsRegistry.Cli.Data;
using RlmsRegistry.Cli.Infrastructure;
using RlmsRegistry.Cli.Output;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Cli.Commands.Analyze;

/// <summary><c>rlms analyze finegray</c>: Fine–Gray subdistribution hazards for one cause (R: cmprsk::crr, default options).</summary>
internal sealed class FineGrayCommand : ICommand
{
    public string Name => "analyze finegray";

    public string Summary => "Fine-Gray subdistribution hazards regression for one cause (R: cmprsk::crr)";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        CommonOptions.Input,
        CommonOptions.Time,
        CommonOptions.Status,
        new("cause", "the status code of the event of interest (other non-zero codes compete)", Required: true, ValueName: "K"),
        new("covariates", "comma-separated covariate columns, in model order", Required: true, ValueName: "A,B,C"),
        new("factors", "covariates to treat as factors (reference = first level in sorted order)", ValueName: "B"),
        CommonOptions.Reference,
        CommonOptions.Format,
    ];

    public int Execute(ParsedOptions options, CommandContext context)
    {
        string statusCol = options.Get("status")!;
        var causeText = options.Get("cause")!;
        if (!int.TryParse(causeText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var cause) || cause == 0)
        {
            throw new InputException($"--cause '{causeText}' is not a non-zero integer status code (0 = censored)");
        }

        var spec = new CoxModelSpec(
            options.Get("time")!, statusCol, options.List("covariates"), options.List("factors"), null, null, CommonOptions.References(options), StatusCodes: true);
        var csv = CsvReader.Read(options.Get("input")!, CoxDesignBuilder.RequiredColumns(spec));
        var design = CoxDesignBuilder.Build(csv, spec);
        var data = design.Data;
        if (!data.Status.Contains(cause))
        {
            var present = string.Join(", ", data.Status.Where(s => s != 0).Distinct().Order());
            throw new InputException($"--cause {cause}: no complete row of column '{statusCol}' has status {cause} (causes present: {present})");
        }

        var fit = FineGray.Fit(data.Time, data.Status, cause, data.Columns, data.ColumnNames);
        var report = new FineGrayReport(
            fit.N,
            design.ExcludedMissing,
            fit.Cause,
            fit.Events,
            fit.CompetingEvents,
            fit.Converged,
            fit.Iterations,
            fit.LogPseudoLikelihood,
            fit.NullLogPseudoLikelihood,
            [.. fit.Coefficients.Select(c => new FineGrayCoefficientReport(c.Term, c.Coef, c.StdErr, c.Z, c.P, c.HazardRatio, c.Lower, c.Upper))]);
        if (CommonOptions.IsJson(options))
        {
            Json.Write(context.Out, report, ReportJsonContext.Default.FineGrayReport);
        }
        else
        {
            WriteTable(context.Out, report);
        }

        return RlmsCli.Success;
    }

    private static void WriteTable(TextWriter o, FineGrayReport r)
    {
        o.WriteLine($"Competing risks regression (Fine-Gray), cause {r.Cause}");
        o.WriteLine($"  n= {r.N}, events= {r.Events}, competing events= {r.CompetingEvents}" + (r.ExcludedMissing > 0 ? $"   ({r.ExcludedMissing} observations deleted due to missingness)" : ""));
        if (!r.Converged)
        {
            o.WriteLine($"  WARNING: did not converge in {r.Iterations} iterations");
        }

        o.WriteLine();
        var t = new TextTable("", "coef", "exp(coef)", "se(coef)", "z", "p-value", "lower .95", "upper .95");
        foreach (var c in r.Coefficients)
        {
            t.Add(c.Term, TextTable.Num(c.Coef), TextTable.Num(c.HazardRatio), TextTable.Num(c.Se), TextTable.Num(c.Z, 3), TextTable.P(c.P), TextTable.Num(c.Lower95), TextTable.Num(c.Upper95));
        }

        t.Write(o);
        o.WriteLine();
        o.WriteLine($"Pseudo log-likelihood = {TextTable.Num(r.LogPseudoLikelihood, 6)}");
        o.WriteLine($"Pseudo likelihood ratio test = {TextTable.Num(2 * (r.LogPseudoLikelihood - r.NullLogPseudoLikelihood), 4)} on {r.Coefficients.Count} df");
    }
}
