using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>
/// Issue 12: every message a user reads is in words (field and answer labels, never a C# identifier), all problems come
/// in one pass, and a value outside its plausible range is saved with a warning the API returns and the worklist lists.
/// </summary>
public sealed partial class DataEntryWordsTests(AppHosts hosts) : IClassFixture<AppHosts>
{
    [Fact]
    public async Task GivenAnOperationWithOnlyADateAndASetting_WhenCompletedOnThePage_ThenEveryMissingFieldIsShownAtOnceInWords()
    {
        var app = await hosts.Get(DatabaseProvider.Sqlite);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var patientId = await RegisterAsync(app, api);
        var browser = await app.SignInAsync("dm.c01@demo.rlms");
        var url = $"/Patients/{patientId}/Operations/New";

        var html = await PostAsync(browser, url, new() { ["Form.Date"] = "2019-01-02", ["Form.Setting"] = "Primary", ["Form.Complete"] = "true" });

        var messages = FieldMessages(html);
        Assert.Equal(12, messages.Count);
        Assert.Contains("Maximum tumour diameter is required to complete the operation.", messages);
        Assert.Contains("Clavien–Dindo grade of the worst complication is required to complete the operation.", messages);
        Assert.Contains("class=\"errors validation-summary-errors\"", html, StringComparison.Ordinal);
        AssertWords(messages, url);
    }

    [Fact]
    public async Task GivenWrongValuesOnEveryFormPageAndTheApi_ThenNoMessageNamesACSharpIdentifier()
    {
        var app = await hosts.Get(DatabaseProvider.Sqlite);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var patientId = await RegisterAsync(app, api);
        var browser = await app.SignInAsync("dm.c01@demo.rlms");
        var operation = await CreatedAsync(api.PostAsJsonAsync($"/api/v1/patients/{patientId}/operations", new { date = "2019-01-02", setting = "primary" }));
        var opId = operation.GetProperty("id").GetString();

        var pages = new (string Url, Dictionary<string, string> Fields)[]
        {
            ($"/Patients/{patientId}/Operations/New", new() { ["Form.Date"] = "", ["Form.Setting"] = "Bogus", ["Form.MaxDiameterCm"] = "abc", ["Form.OrgansResected"] = "2,5", ["Form.AsaScore"] = "9", ["Form.RecurrenceNumber"] = "2", ["Form.BloodLossMl"] = "-4" }),
            ($"/Patients/{patientId}/Operations/New", new() { ["Form.Date"] = "2019-02-02", ["Form.Setting"] = "Recurrence", ["Form.MaxDiameterCm"] = "1.234,5", ["Form.Complete"] = "true" }),
            ($"/Operations/{opId}/Pathology", new() { ["Form.DifferentiationScore"] = "7", ["Form.MitoticCountPer10Hpf"] = "x", ["Form.Necrosis"] = "gt90", ["Form.Ki67Percent"] = "101", ["Form.Complete"] = "true" }),
            ($"/Operations/{opId}/Labs", new() { ["Form.DrawDate"] = "", ["Form.PlateletsE9PerL"] = "1,234", ["Form.LymphocytesE9PerL"] = "0", ["Form.Complete"] = "true" }),
            ($"/Operations/{opId}/Labs", new() { ["Form.DrawDate"] = "2018-01-01", ["Form.Complete"] = "true" }),
            ($"/Patients/{patientId}/FollowUpEvents/New", new() { ["Form.Date"] = "", ["Form.Type"] = "" }),
            ($"/Patients/{patientId}/FollowUpEvents/New", new() { ["Form.Date"] = "2019-05-01", ["Form.Type"] = "Death", ["Form.Site"] = "Lung" }),
            ("/Patients/Create", new() { ["CentreId"] = "", ["Sex"] = "x", ["BirthYear"] = "18", ["ConsentStatus"] = "" }),
        };
        var seen = 0;
        foreach (var (url, fields) in pages)
        {
            var messages = FieldMessages(await PostAsync(browser, url, fields));
            Assert.NotEmpty(messages);
            AssertWords(messages, url);
            seen += messages.Count;
        }

        var requests = new (string Method, string Url, object Body)[]
        {
            ("POST", $"/api/v1/patients/{patientId}/operations", new { date = "2019-01-02", setting = "primary", complete = true }),
            ("POST", $"/api/v1/patients/{patientId}/operations", new { date = "2019-01-02", setting = "primary", recurrenceNumber = 3, maxDiameterCm = 0.1, asaScore = 8, organsResected = 99 }),
            ("POST", $"/api/v1/patients/{patientId}/operations", new { setting = "recurrence" }),
            ("PUT", $"/api/v1/operations/{opId}/pathology", new { differentiationScore = 5, mitoticCountPer10Hpf = -2, ki67Percent = 300, complete = true }),
            ("PUT", $"/api/v1/operations/{opId}/labs", new { plateletsE9PerL = 5000, lymphocytesE9PerL = 0, complete = true }),
            ("POST", $"/api/v1/patients/{patientId}/follow-up-events", new { date = "2019-05-01", type = "death", diseaseStatus = "aliveWithDisease" }),
            ("POST", "/api/v1/patients", new { sex = "female", birthYear = 1800 }),
        };
        foreach (var (method, url, body) in requests)
        {
            var response = method == "POST" ? await api.PostAsJsonAsync(url, body) : await api.PutAsJsonAsync(url, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {url}: {(int)response.StatusCode} {text}");
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
            var messages = errors.EnumerateObject().SelectMany(p => p.Value.EnumerateArray().Select(m => m.GetString()!)).ToList();
            Assert.NotEmpty(messages);
            AssertWords(messages, $"{method} {url}");
            Assert.All(errors.EnumerateObject(), p => Assert.Matches("^[a-z][A-Za-z0-9]*$|^$", p.Name)); // keys stay camelCase
            seen += messages.Count;
        }

        Assert.True(seen >= 30, $"{seen} messages checked");
    }

    [Fact]
    public async Task GivenLymphocytes16_WhenTheLabsAreSaved_ThenTheyAreStoredWithAWarning_AndTheWorklistListsThem()
    {
        var app = await hosts.Get(DatabaseProvider.Sqlite);
        var api = await app.CreateApiClientAsync("dm.c01@demo.rlms");
        var patientId = await RegisterAsync(app, api);
        var operation = await CreatedAsync(api.PostAsJsonAsync($"/api/v1/patients/{patientId}/operations", new { date = "2019-01-02", setting = "primary" }));
        var opId = operation.GetProperty("id").GetString();

        var saved = await api.PutAsJsonAsync($"/api/v1/operations/{opId}/labs", new { drawDate = "2018-12-30", plateletsE9PerL = 240, neutrophilsE9PerL = 4.8, lymphocytesE9PerL = 16 });
        var text = await saved.Content.ReadAsStringAsync();
        Assert.True(saved.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, text);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(16m, body.GetProperty("lymphocytesE9PerL").GetDecimal());
        var warning = Assert.Single(body.GetProperty("warnings").EnumerateArray());
        Assert.Equal("lymphocytesE9PerL", warning.GetProperty("field").GetString());
        Assert.StartsWith("Lymphocytes 16 ×10⁹/L is outside the usual range", warning.GetProperty("message").GetString(), StringComparison.Ordinal);

        using var quality = JsonDocument.Parse(await api.GetStringAsync("/api/v1/data-quality"));
        var mine = quality.RootElement.GetProperty("patients").EnumerateArray().Single(p => p.GetProperty("patientId").GetString() == patientId);
        Assert.Equal(1, mine.GetProperty("implausibleValues").GetInt32());
        Assert.Contains(mine.GetProperty("issues").EnumerateArray(), i => i.GetProperty("kind").GetString() == "implausibleValue" && i.GetProperty("field").GetString() == "lymphocytesE9PerL");

        var browser = await app.SignInAsync("dm.c01@demo.rlms");
        Assert.Contains("Lymphocytes 16 ×10⁹/L is outside the usual range", WebUtility.HtmlDecode(await browser.GetStringAsync("/DataQuality")), StringComparison.Ordinal);
        var labsPage = WebUtility.HtmlDecode(await browser.GetStringAsync($"/Operations/{opId}/Labs"));
        Assert.Matches("class=\"field-warning\">Lymphocytes 16 ×10⁹/L is outside the usual range", labsPage);
    }

    /// <summary>A PascalCase identifier (MaxDiameterCm, OperationDto), a generic type name or a JSON path.</summary>
    [GeneratedRegex(@"\b[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*\b|`1|System\.|\$\.")]
    private static partial Regex CodeName();

    private static void AssertWords(IEnumerable<string> messages, string where)
    {
        foreach (var message in messages)
        {
            Assert.False(CodeName().IsMatch(message), $"{where}: “{message}” names a C# identifier");
        }
    }

    /// <summary>The texts beside the fields (data-valmsg-for) of a page.</summary>
    private static List<string> FieldMessages(string html) =>
    [
        .. FieldMessage().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim()).Where(m => m.Length > 0),
    ];

    [GeneratedRegex("data-valmsg-for=\"[^\"]*\"[^>]*>([^<]*)</span>")]
    private static partial Regex FieldMessage();

    private static async Task<string> PostAsync(HttpClient browser, string url, Dictionary<string, string> fields)
    {
        var response = await RegistryAppFactory.PostFormAsync(browser, url, url, fields);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return html;
    }

    private static async Task<string> RegisterAsync(RegistryAppFactory app, HttpClient api) =>
        (await CreatedAsync(api.PostAsJsonAsync("/api/v1/patients", new { centreId = await app.CentreIdAsync("C01"), sex = "female", birthYear = 1961, consentStatus = "given" })))
        .GetProperty("id").GetString()!;

    private static async Task<JsonElement> CreatedAsync(Task<HttpResponseMessage> send)
    {
        var response = await send;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
