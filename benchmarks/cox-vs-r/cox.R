# The R side of the comparison: the same work `rlms analyze cox ... --format json` does, with R's fastest CSV
# reader (data.table::fread, all threads it wants).
# Usage: Rscript cox.R FILE.csv
suppressPackageStartupMessages({ library(survival); library(data.table) })
args <- commandArgs(trailingOnly = TRUE)
d <- fread(args[1])
fit <- coxph(Surv(time, status) ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10, data = d, ties = "efron")
cc <- concordance(fit)
zph <- cox.zph(fit)
cat(sprintf("R %s, survival %s: n=%d events=%d iter=%d loglik=%.10g C=%.8f se=%.8f zph.global=%.6g\n",
            getRversion(), packageVersion("survival"), fit$n, fit$nevent, fit$iter, fit$loglik[2],
            cc$concordance, sqrt(cc$var), zph$table["GLOBAL", "chisq"]))
