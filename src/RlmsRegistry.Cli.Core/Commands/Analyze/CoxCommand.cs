using RlmsRegistry.Cli.Csv;
using RlmsRegistry.Cli.Data;
using RlmsRegistry.Cli.Infrastructure;
using RlmsRegistry.Cli.Output;
using RlmsRegistry.Survival;

namespace RlmsRegistry.Cli.Commands.Analyze;

/// <summary>
/// <c>rlms analyze cox</c>: Cox proportional hazards model (R: coxph), Harrell's C (concordance) and, without a
/// cluster, the proportional-hazards test (cox.zph).
/// </summary>
internal sealed class CoxCommand : ICommand
{
    public string Name => "analyze cox";

    public string Summary => "Cox proportional hazards regression with concordance and PH test (R: coxph, concordance, cox.zph)";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        CommonOptions.Input,
        CommonOptions.Time,
        CommonOptions.Event,
        new("covariates", "comma-separated covariate columns, in model order", Required: true, ValueName: "A,B,C"),
        new("factors", "covariates to treat as factors (reference = first level in sorted order)", ValueName: "B"),
        new("strata", "column defining strata (separate baseline hazards)", ValueName: "S"),
        new("cluster", "column defining clusters (robust variance)", ValueName: "C"),
        new("ties", "tie handling (default efron)", Allowed: ["efron", "breslow"]),
        CommonOptions.Reference,
        new("predict", "predicted survival for one covariate pattern (every covariate; factors by level)", ValueName: "A=1,B=x"),
        new("times", "times at which to report the predicted survival (with --predict)", ValueName: "T1,T2"),
        CommonOptions.Format,
    ];

    public int Execute(ParsedOptions options, CommandContext context)
    {
        var spec = new CoxModelSpec(
            options.Get("time")!,
            options.Get("event")!,
            options.List("covariates"),
            options.List("factors"),
            options.Get("strata"),
            options.Get("cluster"),
            CommonOptions.References(options));
        var pattern = options.Has("predict") ? CommonOptions.Pairs("predict", options.List("predict")) : null;
        var times = CommonOptions.Times(options, pattern is not null);
        string ties = options.Get("ties", "efron");

        var csv = CsvReader.Read(options.Get("input")!, CoxDesignBuilder.RequiredColumns(spec));
        var design = CoxDesignBuilder.Build(csv, spec);
        var data = design.Data;

        var analysis = CoxAnalysis.Run(
            data,
            new CoxOptions { Ties = ties == "breslow" ? CoxTies.Breslow : CoxTies.Efron },
            concordance: true,
            proportionalHazards: data.Cluster is null);
        var (fit, concordance, ph) = (analysis.Fit, analysis.Concordance, analysis.ProportionalHazards);
        var prediction = pattern is null ? null : Predict(design, fit, pattern, spec.Strata, times);

        var report = new CoxReport(
            fit.N,
            fit.Events,
            design.ExcludedMissing,
            ties,
            fit.Iterations,
            fit.Converged,
            fit.ProblemTerms,
            new LogLikelihoodReport(fit.LogLikelihoodNull, fit.LogLikelihoodModel),
            fit.Coefficients.Select(c => new CoefficientReport(c.Term, c.Coef, c.Se, c.RobustSe, c.Z, c.P, c.HazardRatio, c.Lower95, c.Upper95)).ToList(),
            Test(fit.LikelihoodRatioTest),
            Test(fit.WaldTest),
            Test(fit.ScoreTest),
            data.Cluster is null || fit.RobustScoreTest is null ? null : Test(fit.RobustScoreTest),
            concordance is null ? new ConcordanceReport(double.NaN, double.NaN) : new ConcordanceReport(concordance.C, concordance.StdErr),
            ph is null ? null : new PhReport(
                ph.Terms.Select(t => new PhTermReport(t.Term, t.Chisq, t.Df, t.P)).ToList(),
                new PhTermReport(null, ph.Global.Chisq, ph.Global.Df, ph.Global.P)),
            prediction,
            fit.Warnings);

        if (CommonOptions.IsJson(options))
        {
            Json.Write(context.Out, report, ReportJsonContext.Default.CoxReport);
        }
        else
        {
            WriteTable(context.Out, report, data.Cluster is not null);
        }

        return RlmsCli.Success;
    }

    private static TestReport Test(TestResult t) => new(t.Statistic, t.Df, t.P);

    /// <summary>survfit(fit, newdata = pattern) read at the times (summary(..., extend = TRUE)).</summary>
    private static PredictionReport Predict(
        CoxDesign design, CoxResult fit, Dictionary<string, string> pattern, string? strataColumn, IReadOnlyList<double> times)
    {
        var stratum = 0;
        var covariates = new Dictionary<string, string>(pattern, StringComparer.Ordinal);
        if (strataColumn is not null)
        {
            if (!covariates.Remove(strataColumn, out var level))
            {
                throw new InputException($"--predict gives no value for the strata column '{strataColumn}'");
            }

            stratum = design.StrataLabels.ToList().IndexOf(level);
            if (stratum < 0)
            {
                throw new InputException($"--predict {strataColumn}={level}: '{level}' is not a stratum (strata: {string.Join(", ", design.StrataLabels)})");
            }
        }

        var profile = CoxDesignBuilder.Profile(design, covariates);
        var curve = CoxPrediction.Predict(design.Data, fit, profile, stratum);
        var rows = CoxPrediction.AtTimes(curve, times)
            .Select(p => new PredictionRowReport(p.Time, p.Survival, p.StdErr, p.Lower, p.Upper)).ToList();
        return new PredictionReport(pattern, rows);
    }

    private static void WriteTable(TextWriter o, CoxReport r, bool robust)
    {
        o.WriteLine($"Cox proportional hazards model (ties = \"{r.Ties}\")");
        o.WriteLine($"  n= {r.N}, number of events= {r.Events}" + (r.ExcludedMissing > 0 ? $"   ({r.ExcludedMissing} observations deleted due to missingness)" : ""));
        if (!r.Converged)
        {
            o.WriteLine($"  WARNING: did not converge in {r.Iterations} iterations");
        }

        foreach (var warning in (r.Warnings ?? []).Where(w => w.Contains("clusters", StringComparison.Ordinal)))
        {
            o.WriteLine($"  WARNING: {warning}");
        }

        if (r.ProblemTerms.Count > 0)
        {
            o.WriteLine($"  WARNING: coefficients not estimable (singular design): {string.Join(", ", r.ProblemTerms)}");
        }

        o.WriteLine();
        var t = robust
            ? new TextTable("", "coef", "exp(coef)", "se(coef)", "robust se", "z", "Pr(>|z|)")
            : new TextTable("", "coef", "exp(coef)", "se(coef)", "z", "Pr(>|z|)");
        foreach (var c in r.Coefficients)
        {
            if (robust)
            {
                t.Add(c.Term, TextTable.Num(c.Coef), TextTable.Num(c.HazardRatio), TextTable.Num(c.Se), TextTable.Num(c.RobustSe ?? double.NaN), TextTable.Num(c.Z, 3), TextTable.P(c.P));
            }
            else
            {
                t.Add(c.Term, TextTable.Num(c.Coef), TextTable.Num(c.HazardRatio), TextTable.Num(c.Se), TextTable.Num(c.Z, 3), TextTable.P(c.P));
            }
        }

        t.Write(o);
        o.WriteLine();
        var ci = new TextTable("", "exp(coef)", "exp(-coef)", "lower .95", "upper .95");
        foreach (var c in r.Coefficients)
        {
            ci.Add(c.Term, TextTable.Num(c.HazardRatio), TextTable.Num(1 / c.HazardRatio), TextTable.Num(c.Lower95), TextTable.Num(c.Upper95));
        }

        ci.Write(o);
        o.WriteLine();
        o.WriteLine($"Concordance= {TextTable.Num(r.Concordance.C, 3)}  (se = {TextTable.Num(r.Concordance.Se, 3)} )");
        o.WriteLine($"Likelihood ratio test= {TextTable.Num(r.LikelihoodRatioTest.Statistic, 4)}  on {r.LikelihoodRatioTest.Df} df,   p={TextTable.P(r.LikelihoodRatioTest.P)}");
        o.WriteLine($"Wald test            = {TextTable.Num(r.WaldTest.Statistic, 4)}  on {r.WaldTest.Df} df,   p={TextTable.P(r.WaldTest.P)}");
        o.WriteLine($"Score (logrank) test = {TextTable.Num(r.ScoreTest.Statistic, 4)}  on {r.ScoreTest.Df} df,   p={TextTable.P(r.ScoreTest.P)}");
        if (r.RobustScoreTest is not null)
        {
            o.WriteLine($"Robust score test    = {TextTable.Num(r.RobustScoreTest.Statistic, 4)}  on {r.RobustScoreTest.Df} df,   p={TextTable.P(r.RobustScoreTest.P)}");
        }

        if (r.ProportionalHazards is not null)
        {
            o.WriteLine();
            o.WriteLine("Test of proportional hazards (cox.zph, transform = \"km\"):");
            var ph = new TextTable("", "chisq", "df", "p");
            foreach (var term in r.ProportionalHazards.Terms)
            {
                ph.Add(term.Term ?? "", TextTable.Num(term.Chisq), term.Df.ToString(System.Globalization.CultureInfo.InvariantCulture), TextTable.P(term.P));
            }

            var g = r.ProportionalHazards.Global;
            ph.Add("GLOBAL", TextTable.Num(g.Chisq), g.Df.ToString(System.Globalization.CultureInfo.InvariantCulture), TextTable.P(g.P));
            ph.Write(o);
        }

        if (r.Prediction is not null)
        {
            o.WriteLine();
            o.WriteLine($"Predicted survival for {string.Join(", ", r.Prediction.Pattern.Select(kv => kv.Key + "=" + kv.Value))} (log limits):");
            var pt = new TextTable("time", "survival", "std.err", "lower 95% CI", "upper 95% CI");
            foreach (var row in r.Prediction.Table)
            {
                pt.Add(TextTable.Num(row.Time), TextTable.Num(row.Survival), TextTable.Num(row.StdErr), TextTable.Num(row.Lower95), TextTable.Num(row.Upper95));
            }

            pt.Write(o);
        }
    }
}
