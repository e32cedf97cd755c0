# Writes the extra Cox reference fixtures beside this script (one CSV and one JSON per case) from
# datasets shipped with R's survival package, in the format of /work/shared/reference/survival.
# Run with survival 3.5 (the fixtures were made with 3.5-3):
#   cd tests/RlmsRegistry.Survival.Tests/Cox/Fixtures && Rscript make-fixtures.R
# Each JSON states the equivalent R call in "call".
suppressPackageStartupMessages(library(survival))
stopifnot(packageVersion("survival") >= "3.5")

num <- function(x) {
  if (length(x) == 0) return("[]")
  s <- ifelse(is.na(x), "null", ifelse(is.infinite(x), ifelse(x > 0, "\"Inf\"", "\"-Inf\""), sprintf("%.17g", x)))
  s
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
  if (inherits(x, "vec") && length(x) == 0) return("[]")
  if (is.character(x)) {
    s <- paste0("\"", gsub("\"", "\\\\\"", x), "\"")
  } else if (is.logical(x)) {
    s <- ifelse(is.na(x), "null", ifelse(x, "true", "false"))
  } else {
    s <- num(x)
  }
  if (length(x) == 1 && !inherits(x, "vec")) return(s)
  paste0("[", paste(s, collapse = ", "), "]")
}
vec <- function(x) structure(x, class = c("vec", class(x)))

test3 <- function(stat, df) list(statistic = stat, df = df, p = pchisq(stat, df, lower.tail = FALSE))

make_case <- function(id, data, time, event, covariates, factors = character(0), strata = NULL,
                      cluster = NULL, ties = "efron", iter.max = 20, prediction_rows = 1) {
  used <- unique(c(time, event, covariates, strata, cluster))
  d <- data[, used, drop = FALSE]
  write.csv(d, paste0(id, ".csv"), row.names = FALSE, na = "")
  keep <- complete.cases(d)
  excluded <- sum(!keep)
  d <- d[keep, , drop = FALSE]
  # The CLI's coding: levels sorted (numerically when numeric), first level the reference.
  for (f in factors) d[[f]] <- if (is.numeric(d[[f]])) factor(d[[f]]) else factor(as.character(d[[f]]))
  rhs <- paste(sprintf("`%s`", covariates), collapse = " + ")
  if (!is.null(strata)) rhs <- paste0(rhs, sprintf(" + strata(`%s`)", strata))
  form <- as.formula(sprintf("Surv(`%s`, `%s`) ~ %s", time, event, rhs))
  warns <- character(0)
  fit <- withCallingHandlers(
    if (is.null(cluster)) coxph(form, data = d, ties = ties, iter.max = iter.max)
    else coxph(form, data = d, ties = ties, iter.max = iter.max, cluster = d[[cluster]]),
    warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") })
  s <- summary(fit)
  cf <- s$coefficients
  robust <- !is.null(fit$naive.var)
  beta <- coef(fit)
  se_naive <- if (robust) sqrt(diag(fit$naive.var)) else sqrt(diag(fit$var))
  se_used <- sqrt(diag(fit$var))
  nas <- is.na(beta)
  se_naive[nas] <- NA; se_used[nas] <- NA
  z <- beta / se_used
  q <- qnorm(0.975)
  coefs <- lapply(seq_along(beta), function(j) list(
    term = names(beta)[j], coef = beta[[j]], se = se_naive[[j]],
    robustSe = if (robust) se_used[[j]] else NULL,
    z = z[[j]], p = 2 * pnorm(-abs(z[[j]])), hazardRatio = exp(beta[[j]]),
    lower95 = exp(beta[[j]] - q * se_used[[j]]), upper95 = exp(beta[[j]] + q * se_used[[j]])))
  df <- sum(!nas)
  expected <- list(
    n = fit$n, events = fit$nevent, excludedMissing = excluded, ties = ties,
    iterations = fit$iter, converged = fit$iter <= iter.max,
    warnings = vec(warns),
    logLikelihood = list(null = fit$loglik[1], model = fit$loglik[2]),
    coefficients = coefs,
    likelihoodRatioTest = test3(2 * diff(fit$loglik), df),
    waldTest = test3(fit$wald.test, df),
    scoreTest = test3(fit$score, df))
  if (robust) expected$robustScoreTest <- test3(fit$rscore, df)
  expected$variance <- vec(as.vector(fit$var))
  if (robust) expected$naiveVariance <- vec(as.vector(fit$naive.var))
  expected$linearPredictorHead <- vec(head(fit$linear.predictors, 10))
  zph <- tryCatch(cox.zph(fit), error = function(e) NULL)
  if (!is.null(zph)) {
    tb <- zph$table
    nt <- nrow(tb) - 1
    expected$proportionalHazards <- list(
      terms = lapply(seq_len(nt), function(i) list(term = rownames(tb)[i], chisq = tb[i, 1], df = tb[i, 2], p = tb[i, 3])),
      global = list(chisq = tb[nt + 1, 1], df = tb[nt + 1, 2], p = tb[nt + 1, 3]))
  }
  # survfit(fit, newdata = one row of the design) at up to 25 of its time points.
  X <- model.matrix(fit)
  preds <- list()
  for (r in prediction_rows) {
    nd <- d[r, , drop = FALSE]
    sf <- survfit(fit, newdata = nd)
    st <- if (is.null(sf$strata)) rep(0L, length(sf$time)) else rep(seq_along(sf$strata) - 1L, sf$strata)
    idx <- unique(round(seq(1, length(sf$time), length.out = min(25, length(sf$time)))))
    preds[[length(preds) + 1]] <- list(
      row = r - 1, profile = vec(unname(X[r, ])),
      stratum = if (is.null(strata)) NULL else as.integer(factor(d[[strata]]))[r] - 1L,
      index = vec(idx - 1), time = vec(sf$time[idx]), nRisk = vec(sf$n.risk[idx]), nEvent = vec(sf$n.event[idx]),
      surv = vec(sf$surv[idx]), cumhaz = vec(sf$cumhaz[idx]), stdErr = vec(sf$std.err[idx]),
      lower = vec(sf$lower[idx]), upper = vec(sf$upper[idx]), curveStrata = vec(st[idx]))
  }
  expected$predictions <- preds
  args <- c("analyze", "cox", "--input", paste0(id, ".csv"), "--time", time, "--event", event,
            "--covariates", paste(covariates, collapse = ","), "--ties", ties)
  if (length(factors)) args <- c(args, "--factors", paste(factors, collapse = ","))
  if (!is.null(strata)) args <- c(args, "--strata", strata)
  if (!is.null(cluster)) args <- c(args, "--cluster", cluster)
  call <- paste0("coxph(", deparse1(form), ", data, ties = \"", ties, "\"",
                 if (iter.max != 20) paste0(", iter.max = ", iter.max) else "",
                 if (!is.null(cluster)) paste0(", cluster = ", cluster) else "", ")")
  out <- list(id = id, kind = "cox", call = call, args = vec(args),
              options = list(iterMax = iter.max), expected = expected)
  writeLines(json(out), paste0(id, ".json"))
  cat(id, ": iter", fit$iter, " warnings:", length(warns), "\n")
}

set.seed(20261126)

# colon: two rows per patient (recurrence, death) -> cluster on id; 3-level character factor.
colon2 <- colon
colon2$rx <- as.character(colon2$rx)
make_case("colon-cox-cluster", colon2, "time", "status", c("rx", "sex", "age", "obstruct", "nodes"),
          factors = "rx", cluster = "id", prediction_rows = c(1, 7))
# colon stratified by event type, Breslow, with cluster: strata + cluster + factor together.
make_case("colon-cox-strata-breslow", colon2, "time", "status", c("rx", "age", "node4"),
          factors = "rx", strata = "etype", cluster = "id", ties = "breslow", prediction_rows = c(1, 2))
# nwtco: 4028 rows, heavily tied relapse times, numeric factor, strata by study.
make_case("nwtco-cox-ties", nwtco, "edrel", "rel", c("histol", "stage", "age"), factors = "stage",
          strata = "study", prediction_rows = c(1, 5))
# rats: litters as clusters, character factor sex.
rats2 <- rats; rats2$sex <- as.character(rats2$sex)
make_case("rats-cox-cluster", rats2, "time", "status", c("rx", "sex"), factors = "sex", cluster = "litter")
# pbc: missing values, factor with non-integer levels (edema 0, 0.5, 1), death as the event.
pbc2 <- pbc[!is.na(pbc$trt), ]
pbc2$death <- 1 * (pbc2$status == 2)
make_case("pbc-cox-factor", pbc2, "time", "death", c("age", "edema", "bili", "albumin", "protime", "stage"),
          factors = c("edema", "stage"))
# mgus2: Breslow, ties in months.
mgus3 <- mgus2; mgus3$sex <- as.character(mgus3$sex)
make_case("mgus2-cox-breslow", mgus3, "futime", "death", c("age", "sex", "hgb", "creat", "mspike"),
          factors = "sex", ties = "breslow")
# lung with a duplicated (collinear) column: R reports an NA coefficient.
lung2 <- lung; lung2$status <- lung2$status - 1; lung2$age2 <- 2 * lung2$age + 1
make_case("lung-cox-singular", lung2, "time", "status", c("age", "sex", "age2", "ph.ecog"))
# Monotone likelihood: a covariate marking every censored row -> "coefficient may be infinite".
lung3 <- lung2; lung3$cens <- 1 - lung3$status
make_case("lung-cox-monotone", lung3, "time", "status", c("age", "cens"))
# Out of iterations: iter.max = 2 (R then reports diag(1 / I_jj) as the variance).
make_case("lung-cox-itermax", lung2, "time", "status", c("age", "sex", "ph.ecog"), iter.max = 2)
# A stratum without events, and times tied across strata.
lung4 <- lung2[!is.na(lung2$ph.ecog), ]
lung4$grp <- ifelse(lung4$status == 0 & lung4$time > 600, 3, lung4$sex)
make_case("lung-cox-censored-stratum", lung4, "time", "status", c("age", "ph.ecog"), strata = "grp")
# Synthetic: 3000 rows, 6 covariates, times rounded to 0.1 (many ties), 4 strata, 60 clusters.
n <- 3000
syn <- data.frame(g = sample(0:3, n, TRUE), cl = sample(1:60, n, TRUE), x1 = rnorm(n), x2 = rbinom(n, 1, 0.4),
                  x3 = round(runif(n, 20, 80)), x4 = rnorm(n, 5, 2), x5 = sample(c("a", "b", "c"), n, TRUE))
lp <- 0.4 * syn$x1 - 0.5 * syn$x2 + 0.02 * syn$x3 + 0.1 * syn$x4 + ifelse(syn$x5 == "b", 0.3, 0)
tt <- rexp(n, exp(lp - 2)); cc <- rexp(n, 0.05)
syn$time <- round(pmin(tt, cc), 1) + 0.1
syn$status <- 1 * (tt <= cc)
make_case("synthetic-cox-ties", syn, "time", "status", c("x1", "x2", "x3", "x4", "x5"), factors = "x5",
          strata = "g", cluster = "cl", prediction_rows = c(1, 2))
make_case("synthetic-cox-ties-breslow", syn, "time", "status", c("x1", "x2", "x3", "x4", "x5"), factors = "x5",
          ties = "breslow", prediction_rows = 3)
# flchain: 7874 rows, day-level ties, missing creatinine, 10-level numeric factor.
fl <- flchain; fl$sex <- as.character(fl$sex)
make_case("flchain-cox-factor", fl, "futime", "death", c("age", "sex", "kappa", "lambda", "flc.grp", "creatinine", "mgus"),
          factors = c("sex", "flc.grp"), prediction_rows = c(1, 3))
# retinopathy: two eyes per patient (cluster = id), stratified by risk group, Breslow.
make_case("retinopathy-cox-cluster-strata", retinopathy, "futime", "status", c("laser", "eye", "age", "trt"),
          factors = c("laser", "eye"), strata = "risk", cluster = "id", ties = "breslow", prediction_rows = 1)
# Small random problems (15 to 600 rows; ties, NA, a 3-level factor, collinear column when k %% 7 == 0,
# strata when k %% 3 == 0, clusters when k %% 4 == 0, Breslow for even k). All 40 were checked against
# R once; these ten, well conditioned, are kept. (Three of the 40 are n = 13 fits with 5 coefficients
# that diverge to |b| > 50 and se ~ 1e5: there R's own rounding decides the 6th digit.)
for (k in c(4, 6, 7, 12, 14, 21, 28, 35, 36, 40)) {
  set.seed(1000 + k)
  n <- sample(c(15, 40, 120, 600), 1)
  d <- data.frame(time = round(rexp(n, 0.3), sample(0:1, 1)) + 0.5, status = rbinom(n, 1, runif(1, 0.3, 0.9)),
                  a = rnorm(n), b = rbinom(n, 1, 0.5), c = sample(c("x", "y", "z"), n, TRUE),
                  s = sample(0:2, n, TRUE), cl = sample(1:max(3, n %/% 5), n, TRUE), e = round(runif(n, 0, 3)))
  d$a[sample(n, 2)] <- NA
  if (k %% 7 == 0) d$e <- 2 * d$a + 1
  make_case(sprintf("random-cox-%02d", k), d, "time", "status", c("a", "b", "c", "e"), factors = "c",
            strata = if (k %% 3 == 0) "s" else NULL, cluster = if (k %% 4 == 0) "cl" else NULL,
            ties = if (k %% 2) "efron" else "breslow", prediction_rows = 1:2)
}
