# Regenerates the R reference cases under tests/reference/survival/ from data sets shipped with R's survival
# package (lung, ovarian, veteran): one CSV per data set and one JSON per case, each JSON holding the `rlms`
# command line ("args", --input relative to the JSON) and R's answer ("expected").
#   Rscript tests/reference/generate.R            (from the repository root; needs R >= 4.2 and survival >= 3.5)
# The tests (Survival.Tests, Cli.Tests) and shared/tools/survcheck.py read these files; the field names and the
# tolerances are those of survcheck.py. Each JSON states the R call that produced it in "call".
suppressPackageStartupMessages(library(survival))
stopifnot(packageVersion("survival") >= "3.5")

args_all <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args_all[grep("^--file=", args_all)])
out_dir <- file.path(dirname(normalizePath(script)), "survival")
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
setwd(out_dir)

# --- a small JSON writer (numbers with 15 significant digits, NA/NaN/Inf as null) ---------------------------
vec <- function(x) structure(x, class = c("vec", class(x)))
scalar <- function(x) {
  if (is.character(x)) return(paste0("\"", gsub("\"", "\\\\\"", x), "\""))
  if (is.logical(x)) return(ifelse(is.na(x), "null", ifelse(x, "true", "false")))
  ifelse(!is.finite(x), "null", sprintf("%.15g", x))
}
json <- function(x, indent = "") {
  ni <- paste0(indent, "  ")
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (!is.null(names(x))) {
      items <- mapply(function(k, v) paste0(ni, "\"", k, "\": ", json(v, ni)), names(x), x)
      return(paste0("{\n", paste(items, collapse = ",\n"), "\n", indent, "}"))
    }
    if (length(x) == 0) return("[]")
    items <- sapply(x, function(v) paste0(ni, json(v, ni)))
    return(paste0("[\n", paste(items, collapse = ",\n"), "\n", indent, "]"))
  }
  if (inherits(x, "vec")) return(paste0("[", paste(scalar(unclass(x)), collapse = ", "), "]"))
  scalar(x)
}
write_case <- function(id, kind, call, args, expected) {
  out <- list(id = id, kind = kind, call = call, args = vec(args), expected = expected)
  writeLines(json(out), paste0(id, ".json"))
  cat(id, "\n")
}
test3 <- function(stat, df) list(statistic = stat, df = df, p = pchisq(stat, df, lower.tail = FALSE))

# --- data: as shipped with survival, events coded 0/1 ---------------------------------------------------------
lung1 <- lung
lung1$status <- lung1$status - 1L
ovarian1 <- ovarian
veteran1 <- veteran
veteran1$celltype <- as.character(veteran1$celltype)
data_sets <- list(lung = lung1, ovarian = ovarian1, veteran = veteran1)
for (name in names(data_sets)) write.csv(data_sets[[name]], paste0(name, ".csv"), row.names = FALSE, na = "")

# --- Kaplan-Meier (survfit, Greenwood variance) with the log-rank test (survdiff) -----------------------------
km_case <- function(id, data_name, time, event, conf_type = "log", group = NULL) {
  d <- data_sets[[data_name]]
  keep <- !is.na(d[[time]]) & !is.na(d[[event]]) & (if (is.null(group)) TRUE else !is.na(d[[group]]))
  d <- d[keep, , drop = FALSE]
  s <- Surv(d[[time]], d[[event]])
  g <- if (is.null(group)) rep("all", nrow(d)) else as.character(d[[group]])
  groups <- lapply(sort(unique(g)), function(level) {
    dd <- d[g == level, , drop = FALSE]
    sf <- survfit(Surv(dd[[time]], dd[[event]]) ~ 1, conf.type = conf_type)
    sm <- summary(sf, censored = TRUE)
    tb <- summary(sf)$table
    rows <- lapply(seq_along(sm$time), function(i) list(
      time = sm$time[i], nRisk = sm$n.risk[i], nEvent = sm$n.event[i], nCensor = sm$n.censor[i],
      survival = sm$surv[i], stdErr = sm$std.err[i], lower95 = sm$lower[i], upper95 = sm$upper[i]))
    list(n = nrow(dd), events = sum(dd[[event]]), median = tb[["median"]],
         medianLower95 = tb[["0.95LCL"]], medianUpper95 = tb[["0.95UCL"]], table = rows, group = level)
  })
  expected <- list(confType = conf_type, groups = groups)
  call <- sprintf("survfit(Surv(%s, %s) ~ %s, data = %s, conf.type = \"%s\")", time, event,
                  if (is.null(group)) "1" else group, data_name, conf_type)
  if (!is.null(group)) {
    sd <- survdiff(s ~ g)
    expected$logRank <- list(chisq = sd$chisq, df = length(unique(g)) - 1L,
                             p = pchisq(sd$chisq, length(unique(g)) - 1L, lower.tail = FALSE))
    call <- paste0(call, sprintf("; survdiff(Surv(%s, %s) ~ %s, data = %s)", time, event, group, data_name))
  }
  args <- c("analyze", "km", "--input", paste0(data_name, ".csv"), "--time", time, "--event", event,
            "--conf-type", conf_type)
  if (!is.null(group)) args <- c(args, "--group", group)
  write_case(id, "km", call, args, expected)
}

# --- reverse Kaplan-Meier follow-up (quartiles of the censoring distribution) ---------------------------------
followup_case <- function(id, data_name, time, event) {
  d <- data_sets[[data_name]]
  sf <- survfit(Surv(d[[time]], 1 - d[[event]]) ~ 1)
  q <- quantile(sf, c(0.25, 0.5, 0.75), conf.int = FALSE)
  write_case(id, "followup",
             sprintf("quantile(survfit(Surv(%s, 1 - %s) ~ 1, data = %s), c(0.25, 0.5, 0.75))", time, event, data_name),
             c("analyze", "followup", "--input", paste0(data_name, ".csv"), "--time", time, "--event", event),
             list(reverseKm = list(q25 = q[[1]], median = q[[2]], q75 = q[[3]])))
}

# --- Cox (coxph), concordance and cox.zph --------------------------------------------------------------------
# The CLI's coding: rows with a missing value in a used column are left out; factor levels are sorted
# (numerically when numeric), the first level is the reference, a term is named column + level.
cox_case <- function(id, data_name, time, event, covariates, factors = character(0), strata = NULL,
                     cluster = NULL, ties = "efron") {
  d <- data_sets[[data_name]]
  used <- unique(c(time, event, covariates, strata, cluster))
  keep <- complete.cases(d[, used, drop = FALSE])
  d <- d[keep, , drop = FALSE]
  for (f in factors) d[[f]] <- if (is.numeric(d[[f]])) factor(d[[f]]) else factor(as.character(d[[f]]))
  rhs <- paste(sprintf("`%s`", covariates), collapse = " + ")
  if (!is.null(strata)) rhs <- paste0(rhs, sprintf(" + strata(`%s`)", strata))
  form <- as.formula(sprintf("Surv(`%s`, `%s`) ~ %s", time, event, rhs))
  fit <- if (is.null(cluster)) coxph(form, data = d, ties = ties)
         else coxph(form, data = d, ties = ties, cluster = d[[cluster]])
  robust <- !is.null(fit$naive.var)
  beta <- coef(fit)
  se_naive <- sqrt(diag(if (robust) fit$naive.var else fit$var))
  se_used <- sqrt(diag(fit$var))
  z <- beta / se_used
  q <- qnorm(0.975)
  coefs <- lapply(seq_along(beta), function(j) list(
    term = names(beta)[j], coef = beta[[j]], se = se_naive[[j]],
    robustSe = if (robust) se_used[[j]] else NA,
    z = z[[j]], p = 2 * pnorm(-abs(z[[j]])), hazardRatio = exp(beta[[j]]),
    lower95 = exp(beta[[j]] - q * se_used[[j]]), upper95 = exp(beta[[j]] + q * se_used[[j]])))
  df <- length(beta)
  expected <- list(
    n = fit$n, events = fit$nevent, excludedMissing = sum(!keep), ties = ties,
    iterations = fit$iter, converged = TRUE,
    logLikelihood = list(null = fit$loglik[1], model = fit$loglik[2]),
    coefficients = coefs,
    likelihoodRatioTest = test3(2 * diff(fit$loglik), df),
    waldTest = test3(fit$wald.test, df),
    scoreTest = test3(fit$score, df),
    concordance = list(c = fit$concordance[["concordance"]], se = fit$concordance[["std"]]))
  if (robust) {
    expected$robustScoreTest <- test3(fit$rscore, df)
  } else {
    tb <- cox.zph(fit)$table
    nt <- nrow(tb) - 1
    expected$proportionalHazards <- list(
      terms = lapply(seq_len(nt), function(i) list(term = rownames(tb)[i], chisq = tb[i, 1], df = tb[i, 2], p = tb[i, 3])),
      global = list(chisq = tb[nt + 1, 1], df = tb[nt + 1, 2], p = tb[nt + 1, 3]))
  }
  args <- c("analyze", "cox", "--input", paste0(data_name, ".csv"), "--time", time, "--event", event,
            "--covariates", paste(covariates, collapse = ","), "--ties", ties)
  if (length(factors)) args <- c(args, "--factors", paste(factors, collapse = ","))
  if (!is.null(strata)) args <- c(args, "--strata", strata)
  if (!is.null(cluster)) args <- c(args, "--cluster", cluster)
  call <- paste0("coxph(", deparse1(form), ", data = ", data_name, ", ties = \"", ties, "\"",
                 if (!is.null(cluster)) paste0(", cluster = ", cluster) else "", "); concordance, cox.zph(fit)")
  write_case(id, "cox", call, args, expected)
}

km_case("lung-km", "lung", "time", "status")
km_case("lung-km-plain", "lung", "time", "status", conf_type = "plain")
km_case("lung-km-sex", "lung", "time", "status", group = "sex")
km_case("lung-km-sex-loglog", "lung", "time", "status", conf_type = "log-log", group = "sex")
km_case("ovarian-km-rx", "ovarian", "futime", "fustat", group = "rx")
km_case("veteran-km-celltype", "veteran", "time", "status", group = "celltype")
followup_case("lung-followup", "lung", "time", "status")
cox_case("lung-cox-efron", "lung", "time", "status", c("age", "sex", "ph.ecog"))
cox_case("lung-cox-breslow", "lung", "time", "status", c("age", "sex", "ph.ecog"), ties = "breslow")
cox_case("lung-cox-factor", "lung", "time", "status", c("age", "sex", "ph.ecog"), factors = "ph.ecog")
cox_case("lung-cox-strata", "lung", "time", "status", c("age", "ph.ecog", "wt.loss"), strata = "sex")
cox_case("lung-cox-cluster", "lung", "time", "status", c("age", "sex", "ph.ecog"), cluster = "inst")
cox_case("ovarian-cox", "ovarian", "futime", "fustat", c("age", "resid.ds", "rx", "ecog.ps"))
cox_case("veteran-cox", "veteran", "time", "status", c("trt", "celltype", "karno", "diagtime", "age", "prior"),
         factors = "celltype")
