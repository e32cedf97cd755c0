using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace RlmsRegistry.Application.Analysis;

/// <summary>
/// Everything needed to reproduce a snapshot outside the registry: the de-identified analysis dataset it used (CSV),
/// its data dictionary, the results JSON, and an R script that refits the snapshot's Cox models with the survival
/// package from that CSV (same factor coding, complete cases per model, Efron ties) and writes their hazard ratios, and
/// (with the cmprsk package) recomputes the competing-risks results: cuminc per grouping with Gray's tests, the
/// incidences and variances at the report times (timepoints), and the Fine–Gray models (crr, default options).
/// </summary>
public static class ReproducibilityBundle
{
    public const string DatasetFile = "analysis-dataset.csv";
    public const string DictionaryFile = "data-dictionary.csv";
    public const string ResultsFile = "results.json";
    public const string ScriptFile = "reproduce.R";
    public const string CompetingRisksFile = "competing-risks.csv";

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
                $"Dataset SHA-256 fingerprint: {snapshot.DataFingerprint}\n\nReproduce the hazard ratios with R and the survival package (and, with the cmprsk package, the\n" +
                $"cumulative incidences, Gray's tests and Fine–Gray models of the recurrence endpoints):\n  Rscript {ScriptFile} {DatasetFile} hazard-ratios.csv {CompetingRisksFile} {Prediction.ValidationRScript.ValidationFile} {Prediction.ValidationRScript.PredictionFile}\n" +
                $"The last two are the internal–external validation by centre and the risk calculator's prediction for a typical patient.\n");
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
        // Validation first: the competing-risks part stops the script early when cmprsk is not installed.
        r.Append(Prediction.ValidationRScript.For(snapshot, results));
        CompetingRisksScript(r, results);
        return r.ToString();
    }

    /// <summary>
    /// The competing-risks part: for each cohort and grouping, <c>cuminc(recurrenceMonths, recurrenceStatus, group,
    /// cencode = 0)</c>, its <c>timepoints</c> at the report times and Gray's tests; for each Fine–Gray model,
    /// <c>crr</c> on the model matrix of its complete cases. Rows: cohort, analysis, by, group, cause, quantity, months, value.
    /// </summary>
    private static void CompetingRisksScript(StringBuilder r, AnalysisResults results)
    {
        var times = string.Join(", ", results.Settings.SurvivalTimesMonths.Select(t => t.ToString("R", CultureInfo.InvariantCulture)));
        r.Append(CultureInfo.InvariantCulture, $$"""
            # Competing risks (recurrence endpoints): cmprsk's cuminc, timepoints and crr.
            cr_out <- if (length(args) >= 3) args[3] else "{{CompetingRisksFile}}"
            if (!requireNamespace("cmprsk", quietly = TRUE)) {
              cat("the cmprsk package is not installed: competing risks not reproduced\n")
              quit(status = 0)
            }
            suppressPackageStartupMessages(library(cmprsk))
            report_times <- c({{times}})
            cr <- list()
            cr_row <- function(cohort, analysis, by, group, cause, quantity, months, value) {
              cr[[length(cr) + 1]] <<- data.frame(cohort = cohort, analysis = analysis, by = by, group = group, cause = cause,
                quantity = quantity, months = months, value = value, stringsAsFactors = FALSE)
            }
            group_of <- function(data, by) {
              if (by == "overall") return(rep("All", nrow(data)))
              if (by == "fnclccGrade") return(ifelse(is.na(data$fnclccGrade), NA, paste0("G", as.character(data$fnclccGrade))))
              if (by == "resection") return(as.character(data$resection))
              stop("unknown grouping ", by)
            }
            cif_set <- function(data, cohort, by) {
              g <- group_of(data, by)
              keep <- !is.na(g)
              t <- data$recurrenceMonths[keep]; s <- data$recurrenceStatus[keep]; g <- g[keep]
              fit <- if (length(unique(g)) > 1) cuminc(t, s, group = g, cencode = 0) else cuminc(t, s, cencode = 0)
              tp <- timepoints(fit, report_times)
              for (name in rownames(tp$est)) {
                parts <- strsplit(name, " ", fixed = TRUE)[[1]]
                grp <- if (length(unique(g)) > 1) paste(parts[-length(parts)], collapse = " ") else "All"
                cause <- parts[length(parts)]
                for (j in seq_along(report_times)) {
                  cr_row(cohort, "cuminc", by, grp, cause, "incidence", report_times[j], tp$est[name, j])
                  cr_row(cohort, "cuminc", by, grp, cause, "variance", report_times[j], tp$var[name, j])
                }
              }
              if (!is.null(fit$Tests)) {
                for (cause in rownames(fit$Tests)) {
                  cr_row(cohort, "gray", by, "", cause, "statistic", NA, fit$Tests[cause, "stat"])
                  cr_row(cohort, "gray", by, "", cause, "p", NA, fit$Tests[cause, "pv"])
                }
              }
            }
            fg_model <- function(data, cohort, name, cause, factors) {
              keep <- complete.cases(data[, factors, drop = FALSE])
              mf <- droplevels(data[keep, ])
              x <- model.matrix(as.formula(paste("~", paste(factors, collapse = " + "))), data = mf)[, -1, drop = FALSE]
              fit <- crr(mf$recurrenceMonths, mf$recurrenceStatus, x, failcode = cause, cencode = 0)
              se <- sqrt(diag(fit$var))
              for (j in seq_along(fit$coef)) {
                cr_row(cohort, "crr", name, colnames(x)[j], as.character(cause), "coef", NA, unname(fit$coef[j]))
                cr_row(cohort, "crr", name, colnames(x)[j], as.character(cause), "se", NA, unname(se[j]))
              }
            }

            """);
        foreach (var cohort in results.Cohorts)
        {
            if (cohort.CompetingRisks is not { } cr || cr.CurveSets.Count == 0)
            {
                continue;
            }

            r.Append(CultureInfo.InvariantCulture, $"dc <- d[d$cohort == \"{cohort.Cohort}\", ]\n");
            foreach (var set in cr.CurveSets.Where(s => s.Groups.Count > 0))
            {
                r.Append(CultureInfo.InvariantCulture, $"cif_set(dc, \"{cohort.Cohort}\", \"{set.By}\")\n");
            }

            foreach (var model in cr.Models)
            {
                r.Append(CultureInfo.InvariantCulture,
                    $"fg_model(dc, \"{cohort.Cohort}\", \"{model.Name}\", {model.Cause}, c({string.Join(", ", model.Factors.Select(f => $"\"{f}\""))}))\n");
            }
        }

        r.Append("write.csv(do.call(rbind, cr), cr_out, row.names = FALSE)\n");
        r.Append("cat(\"wrote\", cr_out, \"\\n\")\n");
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
