using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>The transfer endpoints over HTTP on the demo registry: the dictionary, an export, and a refused import (422 with the row report).</summary>
public sealed class TransferApiTests(AppHosts hosts) : IClassFixture<AppHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenTheDemo_ThenTheDictionaryAndAnExportDownload_AndABadImportAnswers422WithEveryRow(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var admin = await app.CreateApiClientAsync("admin@demo.rlms");

        var dictionary = await admin.GetAsync("/api/v1/data-dictionary");
        Assert.Equal(HttpStatusCode.OK, dictionary.StatusCode);
        Assert.Equal("text/csv", dictionary.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Variable / Field Name,Form Name,Section Header,Field Type,Field Label,", await dictionary.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var export = await admin.GetAsync("/api/v1/exports/registry?format=r");
        Assert.Equal("application/zip", export.Content.Headers.ContentType?.MediaType);
        string operations;
        using (var zip = new ZipArchive(await export.Content.ReadAsStreamAsync()))
        {
            Assert.Contains(zip.Entries, e => e.FullName == "registry.R");
            Assert.Contains(zip.Entries, e => e.FullName == "manifest.json");
            using var reader = new StreamReader(zip.GetEntry("operations.csv")!.Open());
            operations = await reader.ReadToEndAsync();
        }

        var lines = operations.TrimEnd('\n').Split('\n');
        var diameter = Array.IndexOf(lines[0].Split(','), "max_diameter_cm");
        var bad = lines[1].Split(',');
        bad[diameter] = "abc";
        lines[1] = string.Join(',', bad);
        var audit = await AuditCountAsync(admin);

        foreach (var dryRun in new[] { "true", "false" })
        {
            var response = await admin.PostAsync($"/api/v1/imports?dryRun={dryRun}", Upload("operations.csv", string.Join('\n', lines) + "\n"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var problem = Assert.Single(report.RootElement.GetProperty("problems").EnumerateArray());
            Assert.Equal(("operations.csv", 2, "max_diameter_cm"), (problem.GetProperty("file").GetString(), problem.GetProperty("row").GetInt32(), problem.GetProperty("column").GetString()));
            Assert.False(report.RootElement.GetProperty("stored").GetBoolean());
        }

        // A data manager of C02 sending C01's rows unchanged: refused all the same.
        var c01Rows = operations.TrimEnd('\n').Split('\n').Where(l => l.StartsWith("C01-", StringComparison.Ordinal)).Take(1);
        var dm = await app.CreateApiClientAsync("dm.c02@demo.rlms");
        var refused = await dm.PostAsync("/api/v1/imports", Upload("operations.csv", string.Join('\n', c01Rows.Prepend(lines[0])) + "\n"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("not one of your centres", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The unchanged file imports cleanly and changes nothing.
        var same = await admin.PostAsync("/api/v1/imports", Upload("operations.csv", operations));
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        using (var report = JsonDocument.Parse(await same.Content.ReadAsStringAsync()))
        {
            Assert.Equal((0, 0), (report.RootElement.GetProperty("created").GetInt32(), report.RootElement.GetProperty("updated").GetInt32()));
        }

        Assert.Equal(audit, await AuditCountAsync(admin));
    }

    private static MultipartFormDataContent Upload(string name, string text)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    private static async Task<int> AuditCountAsync(HttpClient admin)
    {
        using var entries = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/audit"));
        return entries.RootElement.GetProperty("total").GetInt32(); // the audit API pages: { items, total, page, pageSize }
    }
}
