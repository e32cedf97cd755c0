using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// Everything needed to reproduce a snapshot outside the registry: the de-identified analysis dataset it used (CSV),
/// its data dictionary, the results JSON, and an R script that refits the snapshot's Cox models with the survival
/// package from that CSV (same factor coding, complete cases per model, Efron ties) and writes their hazard ratios.
/// </summary>
public static class ReproducibilityBundle
{
    public const string DatasetFile = "analysis-dataset.csv";
    public const string DictionaryFile = "data-dictionary.csv";
    public const string ResultsFile = "results.json";
    public const string ScriptFile = "reproduce.R";

    public static byte[] Build(AnalysisSnapshot snapshot)
    {
        var results = AnalysisJson.Deserialize<AnalysisResults>(snapshot.ResultsJson);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, DatasetFile, snapshot.DatasetCsv);
            Add(zip, DictionaryFile, Dictionary());
            Add(zip, ResultsFile, snapshot.ResultsJson);
            Add(zip, ScriptFile, RScript(snapshot, results));
            Add(zip, "README.txt",
                $"RLMS Registry analysis snapshot {snapshot.Id}\nComputed {snapshot.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC by engine {snapshot.EngineVersion}\n" +
                $"Dataset SHA-256 fingerprint: {snapshot.DataFingerprint}\n\nReproduce the hazard ratios with R and the survival package:\n  Rscript {ScriptFile} {DatasetFile} hazard-ratios.csv\n" +
                $"It also writes {Prediction.ValidationRScript.ValidationFile} (internal–external validation by centre) and {Prediction.ValidationRScript.PredictionFile} (the risk calculator's prediction for a typical patient).\n");
        }

        return buffer.ToArray();
    }

    /// <summary>The R script for a snapshot: one coxph call per model the snapshot holds.</summary>
    public static string RScript(AnalysisSnapshot snapshot, AnalysisResults results)
    {
        var r = new StringBuilder();
        r.Append(CultureInfo.InvariantCulture, $"# Reproduces the Cox models of RLMS Registry snapshot {snapshot.Id} ({snapshot.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC)\n");
        r.Append("# with R's survival package. Usage: Rscript reproduce.R [analysis-dataset.csv] [hazard-ratios.csv]\n");
        r.Append("""
            suppressPackageStartupMessages(library(survival))
            args <- commandArgs(trailingOnly = TRUE)
            csv <- if (length(args) >= 1) args[1] else "analysis-dataset.csv"
            out <- if (length(args) >= 2) args[2] else "hazard-ratios.csv"
            d <- read.csv(csv, stringsAsFactors = FALSE, na.strings = c("", "NA"))
            d$sex <- factor(d$sex, levels = c("female", "male"))
            d$fnclccGrade <- factor(d$fnclccGrade, levels = c(1, 2, 3))
            d$resection <- factor(d$resection, levels = c("R0", "R1", "R2"))
            fit_model <- function(data, factors, cohort, model, strata = FALSE, cluster = FALSE) {
              rhs <- paste(factors, collapse = " + ")
              if (strata) rhs <- paste(rhs, "+ strata(centre)")
              keep <- complete.cases(data[, factors, drop = FALSE])
              mf <- droplevels(data[keep, ])
              f <- as.formula(paste("Surv(osMonths, osEvent) ~", rhs))
              fit <- if (cluster) coxph(f, data = mf, ties = "efron", cluster = centre) else coxph(f, data = mf, ties = "efron")
              cf <- coef(fit)
              data.frame(cohort = cohort, model = model, term = names(cf), coef = unname(cf), hr = unname(exp(cf)), stringsAsFactors = FALSE)
            }
            results <- list()

            """);
        foreach (var cohort in results.Cohorts)
        {
            r.Append(CultureInfo.InvariantCulture, $"dc <- d[d$cohort == \"{cohort.Cohort}\", ]\n");
            foreach (var model in cohort.Univariable)
            {
                r.Append(Call(cohort.Cohort, model, strata: false, cluster: false));
            }

            if (cohort.Multivariable is { } multi)
            {
                r.Append(Call(cohort.Cohort, multi, false, false));
            }

            if (cohort.MultivariableStratifiedByCentre is { } stratified)
            {
                r.Append(Call(cohort.Cohort, stratified, true, false));
            }

            if (cohort.MultivariableClusteredByCentre is { } clustered)
            {
                r.Append(Call(cohort.Cohort, clustered, false, true));
            }
        }

        r.Append("write.csv(do.call(rbind, results), out, row.names = FALSE)\n");
        r.Append("cat(\"wrote\", out, \"\\n\")\n");
        r.Append(Prediction.ValidationRScript.For(snapshot, results));
        return r.ToString();
    }

    private static string Call(string cohort, CoxModelResult model, bool strata, bool cluster) =>
        string.Create(CultureInfo.InvariantCulture,
            $"results[[length(results) + 1]] <- fit_model(dc, c({string.Join(", ", model.Factors.Select(f => $"\"{f}\""))}), \"{cohort}\", \"{model.Name}\", strata = {(strata ? "TRUE" : "FALSE")}, cluster = {(cluster ? "TRUE" : "FALSE")})\n");

    private static string Dictionary()
    {
        var sb = new StringBuilder("name,type,description\n");
        foreach (var c in AnalysisDictionary.Columns)
        {
            sb.Append(Quote(c.Name)).Append(',').Append(Quote(c.Type)).Append(',').Append(Quote(c.Description)).Append('\n');
        }

        return sb.ToString();
    }

    private static string Quote(string? s) => s is null ? string.Empty : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void Add(ZipArchive zip, string name, string content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var stream = entry.Open();
        var bytes = new UTF8Encoding(false).GetBytes(content);
        stream.Write(bytes);
    }
}
