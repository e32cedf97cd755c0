# R's time for the competing-risks benchmarks on the same rows as BenchmarkDotNet (issue 13).
# Data: dotnet run -c Release --project benchmarks/RlmsRegistry.Benchmarks -- write-competing-csv N COVARIATES PATH
# Usage: Rscript competing.R cif FILE.csv          cuminc(time, status, group) with Gray's tests (3 causes, 3 groups)
#        Rscript competing.R crr FILE.csv [novar]  crr(time, status, x1..x5, failcode = 1), default options
# Prints the elapsed seconds of the call alone (reading the CSV excluded), as system.time()'s "elapsed".
suppressPackageStartupMessages({ library(cmprsk); library(data.table) })
args <- commandArgs(trailingOnly = TRUE)
d <- fread(args[2])
if (args[1] == "cif") {
  t <- system.time(fit <- cuminc(d$time, d$status, d$group))[["elapsed"]]
  cat(sprintf("cuminc n=%d: %.2f s (Gray stat cause 1 = %.4f)\n", nrow(d), t, fit$Tests[1, "stat"]))
} else {
  x <- as.matrix(d[, paste0("x", 1:5), with = FALSE])
  variance <- !(length(args) > 2 && args[3] == "novar")
  t <- system.time(fit <- crr(d$time, d$status, x, failcode = 1, variance = variance))[["elapsed"]]
  cat(sprintf("crr n=%d variance=%s: %.2f s (coef x1 = %.6f)\n", nrow(d), variance, t, fit$coef[1]))
}
