# Regenerates the reference cases in competing/ and cox-options/ (R 4.2, cmprsk 2.2-11, survival 3.5-3).
# Run from this folder:  Rscript generate-competing.R
# Each case is <id>.json with "args" (the rlms command line, --input relative to the case's folder) and
# "expected" (R's answer); python3 /work/shared/tools/survcheck.py competing (and cox-options) runs them.
# Factor levels follow the CLI's rule: numbers numerically, otherwise ordinal (C-locale) order; --reference
# moves the chosen level first, as relevel() does.
suppressPackageStartupMessages({ library(survival); library(cmprsk) })
Sys.setlocale("LC_COLLATE", "C")

# ---- a small JSON writer (no jsonlite on the build machines) ----
num <- function(x) if (is.na(x) || !is.finite(x)) "null" else trimws(formatC(x, digits = 15, format = "g"))
json <- function(x, indent = "") {
  inner <- paste0(indent, "  ")
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    items <- vapply(x, json, "", indent = inner)
    if (is.null(names(x))) return(paste0("[\n", inner, paste(items, collapse = paste0(",\n", inner)), "\n", indent, "]"))
    return(paste0("{\n", inner, paste0('"', names(x), '": ', items, collapse = paste0(",\n", inner)), "\n", indent, "}"))
  }
  if (is.logical(x)) return(if (is.na(x)) "null" else if (x) "true" else "false")
  if (is.character(x)) return(paste0('"', gsub('"', '\\\\"', x), '"'))
  if (is.numeric(x)) return(num(x))
  stop("cannot write ", class(x))
}
write_case <- function(dir, id, kind, args, expected) {
  text <- paste0('{\n  "id": "', id, '",\n  "kind": "', kind, '",\n  "args": [',
                 paste0('"', args, '"', collapse = ", "), '],\n  "expected": ', json(expected, "  "), "\n}\n")
  writeLines(text, file.path(dir, paste0(id, ".json")), sep = "")
}
levels_like_cli <- function(v) {
  u <- unique(v[!is.na(v)])
  if (is.numeric(u)) as.character(sort(u)) else sort(as.character(u), method = "radix")
}
as_factor <- function(v, ref = NULL) {
  f <- factor(as.character(v), levels = levels_like_cli(v))
  if (!is.null(ref)) f <- relevel(f, ref = ref)
  f
}
z95 <- qnorm(0.975)

# ---- cumulative incidence (cuminc + timepoints at each group's event times) and Gray's test ----
cif_case <- function(dir, id, file, data, time, status, group = NULL) {
  d <- data[, c(time, status, group), drop = FALSE]
  d <- d[complete.cases(d), , drop = FALSE]
  g <- if (is.null(group)) rep("all", nrow(d)) else as.character(d[[group]])
  glev <- if (is.null(group)) "all" else levels_like_cli(d[[group]])
  gf <- factor(g, levels = glev)
  fit <- cuminc(d[[time]], d[[status]], gf)
  causes <- sort(unique(d[[status]][d[[status]] != 0]))
  groups <- list()
  for (jj in seq_along(glev)) {
    rows <- gf == glev[jj]
    times <- sort(unique(d[[time]][rows & d[[status]] != 0]))
    curves <- list()
    for (ii in seq_along(causes)) {
      w <- fit[(ii - 1) * length(glev) + jj]
      tp <- if (length(times)) timepoints(w, times) else list(est = matrix(0, 1, 0), var = matrix(0, 1, 0))
      table <- lapply(seq_along(times), function(k) {
        est <- tp$est[1, k]; v <- tp$var[1, k]
        lo <- hi <- NA
        if (est > 0 && est < 1) {
          a <- z95 * sqrt(v) / (est * log(est))
          lo <- est^exp(-a); hi <- est^exp(a)
        }
        list(time = times[k], cif = est, variance = v, lower95 = lo, upper95 = hi)
      })
      curves[[ii]] <- list(cause = causes[ii], events = sum(rows & d[[status]] == causes[ii]), table = table)
    }
    groups[[jj]] <- list(group = glev[jj], n = sum(rows), curves = curves)
  }
  expected <- list(n = nrow(d), causes = as.list(causes), confType = "log-log", groups = groups)
  if (length(glev) > 1) {
    tests <- fit$Tests
    expected$grayTest <- lapply(seq_along(causes), function(ii)
      list(cause = causes[ii], statistic = tests[ii, "stat"], df = length(glev) - 1, p = tests[ii, "pv"]))
  }
  args <- c("analyze", "cif", "--input", file, "--time", time, "--status", status, if (!is.null(group)) c("--group", group))
  write_case(dir, id, "cif", args, expected)
}

# ---- Fine–Gray (crr, default options) ----
design <- function(d, covariates, factors, reference) {
  cols <- list(); names <- character()
  for (cv in covariates) {
    if (cv %in% factors) {
      f <- as_factor(d[[cv]], reference[[cv]])
      for (lev in levels(f)[-1]) { cols[[length(cols) + 1]] <- as.numeric(f == lev); names <- c(names, paste0(cv, lev)) }
    } else { cols[[length(cols) + 1]] <- d[[cv]]; names <- c(names, cv) }
  }
  m <- do.call(cbind, cols); colnames(m) <- names; m
}
reference_args <- function(reference) unlist(lapply(names(reference), function(v) c("--reference", paste0(v, "=", reference[[v]]))))
finegray_case <- function(dir, id, file, data, time, status, cause, covariates, factors = character(), reference = list()) {
  d <- data[, c(time, status, covariates)]
  d <- d[complete.cases(d), ]
  x <- design(d, covariates, factors, reference)
  fit <- crr(d[[time]], d[[status]], x, failcode = cause, cencode = 0)
  se <- sqrt(diag(fit$var))
  coefs <- lapply(seq_along(fit$coef), function(j) {
    b <- fit$coef[[j]]; z <- b / se[j]
    list(term = colnames(x)[j], coef = b, se = se[j], z = z, p = 2 * pnorm(-abs(z)), hazardRatio = exp(b),
         lower95 = exp(b - z95 * se[j]), upper95 = exp(b + z95 * se[j]))
  })
  expected <- list(n = nrow(d), excludedMissing = nrow(data) - nrow(d), cause = cause,
                   events = sum(d[[status]] == cause), competingEvents = sum(d[[status]] != 0 & d[[status]] != cause),
                   converged = fit$converged, logPseudoLikelihood = fit$loglik, coefficients = coefs)
  args <- c("analyze", "finegray", "--input", file, "--time", time, "--status", status, "--cause", cause,
            "--covariates", paste(covariates, collapse = ","),
            if (length(factors)) c("--factors", paste(factors, collapse = ",")), reference_args(reference))
  write_case(dir, id, "finegray", args, expected)
}

# ---- Cox with chosen reference levels, and predicted survival for one covariate pattern ----
cox_case <- function(dir, id, file, data, time, event, covariates, factors, reference, ties = "efron",
                     predict = NULL, times = NULL) {
  d <- data[, c(time, event, covariates)]
  d <- d[complete.cases(d), ]
  for (f in factors) d[[f]] <- as_factor(d[[f]], reference[[f]])
  form <- as.formula(paste0("Surv(", time, ", ", event, ") ~ ", paste0("`", covariates, "`", collapse = " + ")))
  fit <- coxph(form, data = d, ties = ties)
  expected <- list(n = fit$n, events = fit$nevent)
  args <- c("analyze", "cox", "--input", file, "--time", time, "--event", event,
            "--covariates", paste(covariates, collapse = ","), "--ties", ties,
            if (length(factors)) c("--factors", paste(factors, collapse = ",")), reference_args(reference))
  if (is.null(predict)) {
    s <- summary(fit)$coefficients
    ci <- summary(fit)$conf.int
    expected$excludedMissing <- nrow(data) - nrow(d)
    expected$coefficients <- lapply(seq_len(nrow(s)), function(j)
      list(term = rownames(s)[j], coef = s[j, "coef"], se = s[j, "se(coef)"], z = s[j, "z"], p = s[j, "Pr(>|z|)"],
           hazardRatio = ci[j, "exp(coef)"], lower95 = ci[j, "lower .95"], upper95 = ci[j, "upper .95"]))
    write_case(dir, id, "cox", args, expected)
  } else {
    nd <- as.data.frame(lapply(predict, function(v) v))
    for (f in factors) nd[[f]] <- factor(as.character(nd[[f]]), levels = levels(d[[f]]))
    sm <- summary(survfit(fit, newdata = nd), times = times, extend = TRUE)
    expected$prediction <- list(table = lapply(seq_along(times), function(k)
      list(time = times[k], survival = sm$surv[k], stdErr = sm$std.err[k], lower95 = sm$lower[k], upper95 = sm$upper[k])))
    args <- c(args, "--predict", paste0(names(predict), "=", unlist(predict), collapse = ","), "--times", paste(times, collapse = ","))
    write_case(dir, id, "cox-predict", args, expected)
  }
}

csv_out <- function(data, path) write.csv(data, path, row.names = FALSE, na = "")

# ===== competing/ =====
dir.create("competing", showWarnings = FALSE)
m <- survival::mgus2
m$etime <- ifelse(m$pstat == 1, m$ptime, m$futime)
m$event <- ifelse(m$pstat == 1, 1, 2 * m$death)
m <- m[, c("id", "age", "sex", "hgb", "creat", "mspike", "etime", "event")]
csv_out(m, "competing/mgus2.csv")
cif_case("competing", "mgus2-cif", "mgus2.csv", m, "etime", "event")
cif_case("competing", "mgus2-cif-sex", "mgus2.csv", m, "etime", "event", "sex")
finegray_case("competing", "mgus2-finegray-pcm", "mgus2.csv", m, "etime", "event", 1, c("age", "sex", "hgb"), "sex")
finegray_case("competing", "mgus2-finegray-death", "mgus2.csv", m, "etime", "event", 2, c("age", "sex", "hgb", "creat"), "sex")

# pbc: 0 censored, 1 transplant, 2 death; edema has three numeric levels (0, 0.5, 1).
p <- survival::pbc[, c("id", "time", "status", "trt", "age", "sex", "edema", "bili", "albumin", "stage")]
csv_out(p, "competing/pbc.csv")
cif_case("competing", "pbc-cif-edema", "pbc.csv", p, "time", "status", "edema")
cif_case("competing", "pbc-cif-stage", "pbc.csv", p, "time", "status", "stage")
finegray_case("competing", "pbc-finegray-death", "pbc.csv", p, "time", "status", 2, c("age", "bili", "albumin", "edema", "sex"),
              c("edema", "sex"), list(edema = "0.5"))
finegray_case("competing", "pbc-finegray-transplant", "pbc.csv", p, "time", "status", 1, c("age", "bili", "trt"), "trt")

# Simulated: three causes, integer times with heavy ties (events and censorings at the same times), three groups.
set.seed(20261204)
n <- 600
s <- data.frame(id = seq_len(n), arm = sample(c("b", "a", "c"), n, TRUE), x = round(rnorm(n), 3),
                grade = sample(c("1", "2", "3"), n, TRUE, prob = c(.5, .3, .2)))
s$time <- pmax(1, round(rexp(n, 1 / (20 + 10 * (s$arm == "a")))))
s$status <- sample(0:3, n, TRUE, prob = c(.3, .3, .25, .15))
s$status[s$time > 40 & s$status > 0 & runif(n) < .5] <- 0
csv_out(s, "competing/ties3.csv")
cif_case("competing", "ties3-cif-arm", "ties3.csv", s, "time", "status", "arm")
finegray_case("competing", "ties3-finegray-3", "ties3.csv", s, "time", "status", 3, c("x", "arm", "grade"), c("arm", "grade"),
              list(arm = "b"))

# ===== cox-options/ =====
dir.create("cox-options", showWarnings = FALSE)
lung <- survival::lung
lung$status <- lung$status - 1  # 0 = censored, 1 = died, as the CLI expects
csv_out(lung, "cox-options/lung.csv")
csv_out(survival::veteran, "cox-options/veteran.csv")
cox_case("cox-options", "lung-cox-predict", "lung.csv", lung, "time", "status", c("age", "sex", "ph.ecog"),
         character(), list(), predict = list(age = 60, sex = 2, ph.ecog = 1), times = c(180, 365, 730))
cox_case("cox-options", "lung-cox-predict-breslow-late", "lung.csv", lung, "time", "status", c("age", "ph.ecog"),
         "ph.ecog", list(ph.ecog = "1"), ties = "breslow", predict = list(age = 70, ph.ecog = 2), times = c(30, 500, 1100))
cox_case("cox-options", "veteran-cox-reference-summary", "veteran.csv", survival::veteran, "time", "status",
         c("trt", "celltype", "karno", "age"), "celltype", list(celltype = "squamous"))
cox_case("cox-options", "veteran-cox-predict-factor", "veteran.csv", survival::veteran, "time", "status",
         c("trt", "celltype", "karno"), c("celltype", "trt"), list(celltype = "large", trt = "2"),
         predict = list(trt = 1, celltype = "adeno", karno = 60), times = c(10, 100, 500, 1000))
r <- survival::rotterdam[, c("pid", "age", "size", "nodes", "hormon", "grade", "rtime", "recur")]
r$size <- as.character(r$size)
csv_out(r, "cox-options/rotterdam.csv")
cox_case("cox-options", "rotterdam-cox-reference", "rotterdam.csv", r, "rtime", "recur", c("age", "size", "nodes", "hormon"),
         "size", list(size = "<=20"))
cat("done\n")
