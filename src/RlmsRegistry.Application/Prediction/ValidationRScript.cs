using System.Globalization;
using System.Text;
using RlmsRegistry.Application.Analysis;

namespace RlmsRegistry.Application.Prediction;

/// <summary>
/// The part of a bundle's <c>reproduce.R</c> that repeats the internal–external validation by centre and one prediction
/// of the risk calculator (the typical patient of each cohort's model) with R's survival package, from the bundle's
/// dataset CSV: <c>validation.csv</c> (cohort, centre, n, events, C and its standard error, calibration slope and its
/// standard error) and <c>prediction.csv</c> (cohort, months, survival and its 95% limits). Expects the script's
/// data frame <c>d</c> with the factors coded as the rest of the script codes them.
/// </summary>
public static class ValidationRScript
{
    public const string ValidationFile = "validation.csv";
    public const string PredictionFile = "prediction.csv";

    public static string For(AnalysisSnapshot snapshot, AnalysisResults results)
    {
        var ties = results.Settings.Ties == Survival.CoxTies.Breslow ? "breslow" : "efron";
        var rows = SnapshotDataset.Read(snapshot.DatasetCsv);
        var r = new StringBuilder();
        r.Append(CultureInfo.InvariantCulture, $$"""

            # ---- Internal–external validation by centre, and the risk calculator's prediction for a typical patient ----
            # Usage: Rscript reproduce.R [dataset] [hazard-ratios.csv] [{{ValidationFile}}] [{{PredictionFile}}]
            validation_out <- if (length(args) >= 4) args[4] else "{{ValidationFile}}"
            prediction_out <- if (length(args) >= 5) args[5] else "{{PredictionFile}}"
            ties_method <- "{{ties}}"
            model_formula <- function(factors) as.formula(paste("Surv(osMonths, osEvent) ~", paste(factors, collapse = " + ")))
            internal_external <- function(data, factors, cohort) {
              mf <- data[complete.cases(data[, factors, drop = FALSE]), ]
              rhs <- as.formula(paste("~", paste(factors, collapse = " + ")))
              out <- list()
              for (cen in sort(unique(mf$centre))) {
                tr <- droplevels(mf[mf$centre != cen, ])
                te <- mf[mf$centre == cen, ]
                if (sum(tr$osEvent) == 0) next
                fit <- coxph(model_formula(factors), data = tr, ties = ties_method)
                for (v in factors) if (is.factor(tr[[v]])) te[[v]] <- factor(as.character(te[[v]]), levels = levels(tr[[v]]))
                te <- te[complete.cases(te[, factors, drop = FALSE]), ]
                if (sum(te$osEvent) == 0) next
                b <- coef(fit)
                b[is.na(b)] <- 0
                mm <- model.matrix(rhs, data = te)
                te$lp <- as.vector(mm[, names(b), drop = FALSE] %*% b)
                cc <- concordance(Surv(osMonths, osEvent) ~ lp, data = te, reverse = TRUE)
                slope <- NA_real_
                slope_se <- NA_real_
                if (length(unique(te$lp)) > 1) {
                  cal <- coxph(Surv(osMonths, osEvent) ~ lp, data = te, ties = ties_method)
                  slope <- unname(coef(cal)[1])
                  slope_se <- sqrt(vcov(cal)[1, 1])
                }
                out[[length(out) + 1]] <- data.frame(cohort = cohort, centre = cen, n = nrow(te), events = sum(te$osEvent),
                  c = cc$concordance, c_se = sqrt(cc$var), slope = slope, slope_se = slope_se, stringsAsFactors = FALSE)
              }
              do.call(rbind, out)
            }
            predict_patient <- function(data, factors, cohort, profile, times) {
              mf <- droplevels(data[complete.cases(data[, factors, drop = FALSE]), ])
              f <- model_formula(factors)
              environment(f) <- environment()
              fit <- coxph(f, data = mf, ties = ties_method, model = TRUE, x = TRUE)
              nd <- as.data.frame(profile, stringsAsFactors = FALSE)
              for (v in factors) if (is.factor(mf[[v]])) nd[[v]] <- factor(as.character(nd[[v]]), levels = levels(mf[[v]]))
              s <- summary(survfit(fit, newdata = nd), times = times, extend = TRUE)
              data.frame(cohort = cohort, months = s$time, surv = as.vector(s$surv), lower = as.vector(s$lower), upper = as.vector(s$upper), stringsAsFactors = FALSE)
            }
            validation <- list()
            prediction <- list()

            """);
        var times = string.Join(", ", results.Settings.SurvivalTimesMonths.Select(t => t.ToString("R", CultureInfo.InvariantCulture)));
        foreach (var cohort in results.Cohorts)
        {
            if (cohort.Multivariable is not { } multi)
            {
                continue;
            }

            var factors = $"c({string.Join(", ", multi.Factors.Select(f => $"\"{f}\""))})";
            r.Append(CultureInfo.InvariantCulture, $"dc <- d[d$cohort == \"{cohort.Cohort}\", ]\n");
            if (cohort.InternalExternal is { Centres.Count: > 0 })
            {
                r.Append(CultureInfo.InvariantCulture, $"validation[[length(validation) + 1]] <- internal_external(dc, {factors}, \"{cohort.Cohort}\")\n");
            }

            if (PredictionModel.Build(rows, cohort, results.Settings.Ties) is { } model)
            {
                var profile = string.Join(", ", model.Factors.Select(f => f.IsCategorical ? $"{f.Key} = \"{model.Typical[f.Key]}\"" : $"{f.Key} = {model.Typical[f.Key]}"));
                r.Append(CultureInfo.InvariantCulture, $"prediction[[length(prediction) + 1]] <- predict_patient(dc, {factors}, \"{cohort.Cohort}\", list({profile}), c({times}))\n");
            }
        }

        r.Append("""
            write.csv(if (length(validation)) do.call(rbind, validation) else data.frame(), validation_out, row.names = FALSE)
            write.csv(if (length(prediction)) do.call(rbind, prediction) else data.frame(), prediction_out, row.names = FALSE)
            cat("wrote", validation_out, "and", prediction_out, "\n")

            """);
        return r.ToString();
    }
}
