using System.Text;

namespace RlmsRegistry.Application.Transfer;

/// <summary>
/// The syntax files of an export (registry.R, registry.sps, registry.do, registry.sas): each reads the CSVs from the
/// folder it is run in and applies the types, variable labels and value labels of <see cref="TransferSchema"/>, that is of the field
/// definitions (<see cref="Domain.Forms.FormDefinitions"/>).
/// </summary>
public static class SyntaxFiles
{
    private static readonly IReadOnlyList<TransferChoice> YesNo = [new("0", "No"), new("1", "Yes")];

    public static IEnumerable<(string Name, byte[] Bytes)> For(ExportFormat format, bool deidentified)
    {
        var files = TransferSchema.DataFiles.Select(f => TransferRows.Exported(f, deidentified)).ToList();
        if (format is ExportFormat.R or ExportFormat.All)
        {
            yield return ("registry.R", Utf8(R(files)));
        }

        if (format is ExportFormat.Spss or ExportFormat.All)
        {
            yield return ("registry.sps", Utf8(Spss(files)));
        }

        if (format is ExportFormat.Stata or ExportFormat.All)
        {
            yield return ("registry.do", Utf8(Stata(files)));
        }

        if (format is ExportFormat.Sas or ExportFormat.All)
        {
            yield return ("registry.sas", Utf8(Sas(files)));
        }
    }

    /// <summary>The value labels of a column (the field definition's answers, yes/no, form status), or none.</summary>
    public static IReadOnlyList<TransferChoice> ValueLabels(TransferColumn c) => c.Choices.Count > 0 ? c.Choices : c.Type == TransferType.YesNo ? YesNo : [];

    /// <summary>Numeric in the statistics packages (the rest is text or a date).</summary>
    public static bool IsNumeric(TransferColumn c) => c.Type switch
    {
        TransferType.WholeNumber or TransferType.Number or TransferType.YesNo => true,
        TransferType.Choice => c.Choices.All(ch => int.TryParse(ch.Code, out _)),
        TransferType.Calculated => true,
        _ => false,
    };

    private static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text.ReplaceLineEndings("\n"));

    private static string R(List<TransferFile> files)
    {
        var s = new StringBuilder();
        s.AppendLine("# RLMS registry export: reads the CSV files of this folder and applies types, variable labels and value labels.");
        s.AppendLine("# Run it in the unzipped export folder: Rscript registry.R  (or source(\"registry.R\") in R).");
        s.AppendLine("read_table <- function(file) read.csv(file, colClasses = \"character\", na.strings = \"\", encoding = \"UTF-8\", check.names = FALSE)");
        s.AppendLine("labelled <- function(x, label) { attr(x, \"label\") <- label; x }");
        s.AppendLine("registry <- list()");
        foreach (var file in files)
        {
            var t = file.TableName;
            s.AppendLine();
            s.AppendLine($"{t} <- read_table(\"{file.FileName}\")");
            foreach (var c in file.Columns)
            {
                var x = $"{t}[[\"{c.Name}\"]]";
                var labels = ValueLabels(c);
                string value;
                if (labels.Count > 0)
                {
                    value = $"factor({x}, levels = c({string.Join(", ", labels.Select(l => RString(l.Code)))}), labels = c({string.Join(", ", labels.Select(l => RString(l.Label)))}))";
                }
                else if (c.Type == TransferType.Date)
                {
                    value = $"as.Date({x})";
                }
                else if (c.Type is TransferType.WholeNumber)
                {
                    value = $"as.integer({x})";
                }
                else if (IsNumeric(c))
                {
                    value = $"as.numeric({x})";
                }
                else
                {
                    value = x;
                }

                s.AppendLine($"{x} <- labelled({value}, {RString(Label(c))})");
            }

            s.AppendLine($"registry[[\"{t}\"]] <- {t}");
        }

        s.AppendLine();
        s.AppendLine("for (name in names(registry)) {");
        s.AppendLine("  cat(sprintf(\"%s: %d rows\\n\", name, nrow(registry[[name]])))");
        s.AppendLine("  str(registry[[name]], give.attr = FALSE, vec.len = 2)");
        s.AppendLine("}");
        return s.ToString();
    }

    private static string Spss(List<TransferFile> files)
    {
        var s = new StringBuilder();
        s.AppendLine("* RLMS registry export: reads the CSV files of this folder and applies types, variable labels and value labels.");
        s.AppendLine("* Run it from the unzipped export folder (pspp registry.sps, or File > Open > Syntax in SPSS); each table is saved as a .sav file.");
        foreach (var file in files)
        {
            s.AppendLine();
            s.AppendLine($"GET DATA /TYPE=TXT /FILE='{file.FileName}' /ENCODING='UTF-8' /ARRANGEMENT=DELIMITED /DELCASE=LINE /FIRSTCASE=2");
            s.AppendLine("  /DELIMITERS=',' /QUALIFIER='\"'");
            s.AppendLine("  /VARIABLES=");
            foreach (var c in file.Columns)
            {
                var format = c.Type switch
                {
                    TransferType.Date => "SDATE10",
                    TransferType.Number => "F12.4",
                    TransferType.Calculated when !c.CalculatedIsCode => "F12.4",
                    _ when IsNumeric(c) => "F8.0",
                    _ => c.Name == "centre_name" ? "A200" : "A20",
                };
                s.AppendLine($"    {c.Name} {format}");
            }

            s.AppendLine(".");
            s.AppendLine("VARIABLE LABELS");
            s.AppendLine(string.Join("\n  /", file.Columns.Select(c => $"  {c.Name} {SpssString(Label(c))}")) + ".");
            var labelled = file.Columns.Where(c => ValueLabels(c).Count > 0).ToList();
            if (labelled.Count > 0)
            {
                s.AppendLine("VALUE LABELS");
                s.AppendLine(string.Join("\n  /", labelled.Select(c => $"  {c.Name} " + string.Join(" ", ValueLabels(c).Select(l =>
                    (IsNumeric(c) ? l.Code : SpssString(l.Code)) + " " + SpssString(l.Label))))) + ".");
            }

            s.AppendLine($"SAVE OUTFILE='{file.TableName}.sav'.");
        }

        return s.ToString();
    }

    private static string Stata(List<TransferFile> files)
    {
        var s = new StringBuilder();
        s.AppendLine("* RLMS registry export: reads the CSV files of this folder and applies types, variable labels and value labels.");
        s.AppendLine("* Run it from the unzipped export folder: do registry.do  (each table is saved as a .dta file).");
        s.AppendLine("version 14");
        foreach (var file in files)
        {
            s.AppendLine();
            s.AppendLine($"import delimited using \"{file.FileName}\", clear varnames(1) encoding(\"utf-8\") stringcols(_all) case(preserve)");
            var numeric = file.Columns.Where(IsNumeric).Select(c => c.Name).ToList();
            if (numeric.Count > 0)
            {
                s.AppendLine($"destring {string.Join(" ", numeric)}, replace");
            }

            foreach (var c in file.Columns.Where(c => c.Type == TransferType.Date))
            {
                s.AppendLine($"generate double {c.Name}_d = date({c.Name}, \"YMD\")");
                s.AppendLine($"drop {c.Name}");
                s.AppendLine($"rename {c.Name}_d {c.Name}");
                s.AppendLine($"format {c.Name} %tdCCYY-NN-DD");
            }

            foreach (var c in file.Columns)
            {
                s.AppendLine($"label variable {c.Name} {StataString(Label(c))}");
                var labels = ValueLabels(c);
                if (labels.Count > 0 && IsNumeric(c))
                {
                    s.AppendLine($"label define {c.Name} {string.Join(" ", labels.Select(l => $"{l.Code} {StataString(l.Label)}"))}, replace");
                    s.AppendLine($"label values {c.Name} {c.Name}");
                }
            }

            s.AppendLine($"order {string.Join(" ", file.Columns.Select(c => c.Name))}");
            s.AppendLine($"save \"{file.TableName}.dta\", replace");
        }

        return s.ToString();
    }

    private static string Sas(List<TransferFile> files)
    {
        var s = new StringBuilder();
        s.AppendLine("/* RLMS registry export: reads the CSV files of this folder and applies types, variable labels and value labels.");
        s.AppendLine("   Run it with the unzipped export folder as the current directory (or set the path below). */");
        s.AppendLine("%let path = .;");
        s.AppendLine();
        s.AppendLine("proc format;");
        var formatted = files.SelectMany(f => f.Columns).Where(c => ValueLabels(c).Count > 0).DistinctBy(c => c.Name).ToList();
        foreach (var c in formatted)
        {
            var name = SasFormat(c);
            s.AppendLine($"  value {(IsNumeric(c) ? name : "$" + name)}");
            s.AppendLine("    " + string.Join("\n    ", ValueLabels(c).Select(l => $"{(IsNumeric(c) ? l.Code : SasString(l.Code))} = {SasString(l.Label)}")) + ";");
        }

        s.AppendLine("run;");
        foreach (var file in files)
        {
            s.AppendLine();
            s.AppendLine($"data {file.TableName};");
            s.AppendLine($"  infile \"&path./{file.FileName}\" dsd firstobs=2 truncover encoding=\"utf-8\" lrecl=32767;");
            s.AppendLine("  input");
            foreach (var c in file.Columns)
            {
                var informat = c.Type switch
                {
                    TransferType.Date => " :yymmdd10.",
                    _ when IsNumeric(c) => string.Empty,
                    _ => c.Name == "centre_name" ? " :$200." : " :$20.",
                };
                s.AppendLine($"    {c.Name}{informat}");
            }

            s.AppendLine("  ;");
            foreach (var c in file.Columns.Where(c => c.Type == TransferType.Date))
            {
                s.AppendLine($"  format {c.Name} yymmdd10.;");
            }

            foreach (var c in file.Columns.Where(c => ValueLabels(c).Count > 0))
            {
                s.AppendLine($"  format {c.Name} {(IsNumeric(c) ? string.Empty : "$")}{SasFormat(c)}.;");
            }

            s.AppendLine("  label");
            s.AppendLine("    " + string.Join("\n    ", file.Columns.Select(c => $"{c.Name} = {SasString(Label(c))}")) + ";");
            s.AppendLine("run;");
        }

        return s.ToString();
    }

    private static string Label(TransferColumn c) => c.Unit is { } unit ? $"{c.Label} ({unit})" : c.Label;

    private static string RString(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string SpssString(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string StataString(string text) => "`\"" + text + "\"'";

    private static string SasString(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A SAS format name: at most 31 characters, not ending in a digit.</summary>
    private static string SasFormat(TransferColumn c)
    {
        var name = "f_" + c.Name;
        name = name.Length > 30 ? name[..30] : name;
        return char.IsDigit(name[^1]) ? name + "_" : name;
    }
}
