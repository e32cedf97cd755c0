using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Testing;

namespace RlmsRegistry.Web.Tests;

/// <summary>
/// Every endpoint the app exposes (read from its endpoint data source, so a new endpoint is covered without editing this
/// test) × every role × own centre / other centre / anonymous. Each endpoint must have a declared expectation in
/// <see cref="AccessRules"/>; the test fails for an endpoint without one.
/// </summary>
public sealed partial class AuthorizationMatrixTests(AppHosts hosts) : IClassFixture<AppHosts>
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.ProviderData;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenEveryEndpoint_ThenItHasADeclaredExpectation(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);

        var missing = DiscoverEndpoints(app).Where(e => !AccessRules.Table.ContainsKey(e.Key)).Select(e => $"{e.Key} ({e.DisplayName})").ToList();
        var stale = AccessRules.Table.Keys.Except(DiscoverEndpoints(app).Select(e => e.Key)).ToList();

        Assert.True(missing.Count == 0, "Endpoints without an access expectation (add them to AccessRules.Table):\n" + string.Join("\n", missing));
        Assert.True(stale.Count == 0, "Expectations for endpoints that no longer exist:\n" + string.Join("\n", stale));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task GivenEveryEndpointRoleAndCentre_ThenAccessIsAsDeclared(DatabaseProvider provider)
    {
        var app = await hosts.Get(provider);
        var world = await MatrixWorld.CreateAsync(app);
        var failures = new List<string>();

        // Signing out ends the callers' sessions, so those endpoints go last.
        var endpoints = DiscoverEndpoints(app).Where(e => AccessRules.Table.ContainsKey(e.Key))
            .OrderBy(e => e.Key.Contains("logout", StringComparison.OrdinalIgnoreCase)).ThenBy(e => e.Key, StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            var rule = AccessRules.Table[endpoint.Key];
            foreach (var caller in world.Callers)
            {
                foreach (var scope in rule.CentreScoped ? new[] { Scope.Own, Scope.Other } : [Scope.Own])
                {
                    if (caller.IsAnonymous && scope == Scope.Other)
                    {
                        continue;
                    }

                    var expected = Expect(rule, caller, scope, endpoint.IsApi);
                    var response = await world.SendAsync(endpoint, caller, scope);
                    var actual = Classify(response, endpoint.IsApi);
                    if (rule.ChecksCredentials && actual == Outcome.SignInRequired)
                    {
                        actual = Outcome.Allowed; // refusing bad credentials with 401 is the endpoint's job
                    }

                    if (actual != expected)
                    {
                        failures.Add($"{endpoint.Key} as {caller.Name} ({scope}): expected {expected}, got {actual} ({(int)response.StatusCode} {response.Headers.Location})");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static Outcome Expect(AccessRule rule, Caller caller, Scope scope, bool isApi)
    {
        if (rule.Anonymous)
        {
            return Outcome.Allowed;
        }

        if (caller.IsAnonymous)
        {
            return Outcome.SignInRequired;
        }

        if (rule.Roles.Count > 0 && !rule.Roles.Contains(caller.Role))
        {
            return Outcome.ForbiddenForRole;
        }

        // Admins see every centre, so "other centre" does not exist for them.
        return scope == Scope.Other && caller.Role != Roles.Admin ? Outcome.NotFound : Outcome.Allowed;
    }

    private static Outcome Classify(HttpResponseMessage response, bool isApi)
    {
        var location = response.Headers.Location?.OriginalString ?? string.Empty;
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => Outcome.SignInRequired,
            // A sign-in challenge carries the ReturnUrl; a plain redirect to the sign-in page is a page's own flow.
            HttpStatusCode.Redirect when location.Contains("/Account/Login?ReturnUrl=", StringComparison.OrdinalIgnoreCase) => Outcome.SignInRequired,
            HttpStatusCode.Forbidden => Outcome.ForbiddenForRole,
            HttpStatusCode.Redirect when location.Contains("/Account/AccessDenied", StringComparison.OrdinalIgnoreCase) => Outcome.ForbiddenForRole,
            HttpStatusCode.NotFound => Outcome.NotFound,
            _ => Outcome.Allowed,
        };
    }

    internal static List<DiscoveredEndpoint> DiscoverEndpoints(RegistryAppFactory app)
    {
        var source = app.Services.GetRequiredService<EndpointDataSource>();
        var list = new List<DiscoveredEndpoint>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<ISuppressMatchingMetadata>()?.SuppressMatching == true)
            {
                continue; // link-generation only: no request can reach it
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var pattern = endpoint.RoutePattern;
            string path;
            if (pattern.RequiredValues.TryGetValue("controller", out var controller) && controller is string c
                && pattern.RequiredValues.TryGetValue("action", out var action) && action is string a
                && pattern.RawText?.Contains("{controller", StringComparison.Ordinal) == true)
            {
                path = $"/{c}/{a}"; // conventional route
            }
            else
            {
                path = "/" + (pattern.RawText ?? string.Empty).TrimStart('/');
            }

            foreach (var method in methods)
            {
                list.Add(new DiscoveredEndpoint($"{method} {path}", method, path, path.StartsWith("/api/", StringComparison.Ordinal), endpoint.DisplayName ?? string.Empty));
            }
        }

        return list.DistinctBy(e => e.Key).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
    }

    internal sealed record DiscoveredEndpoint(string Key, string Method, string Path, bool IsApi, string DisplayName);

    private enum Outcome
    {
        Allowed,
        SignInRequired,
        ForbiddenForRole,
        NotFound,
    }

    internal enum Scope
    {
        Own,
        Other,
    }

    internal sealed record Caller(string Name, string Role, HttpClient Browser, HttpClient Api, string? Token)
    {
        public bool IsAnonymous => Role.Length == 0;
    }

    /// <summary>The callers (one per role, plus anonymous) and the records the requests point at.</summary>
    internal sealed partial class MatrixWorld
    {
        private readonly RegistryAppFactory _app;
        private readonly Dictionary<string, Guid> _patients = [];
        private Guid _userId;

        private MatrixWorld(RegistryAppFactory app, List<Caller> callers)
        {
            _app = app;
            Callers = callers;
        }

        public List<Caller> Callers { get; }

        public static async Task<MatrixWorld> CreateAsync(RegistryAppFactory app)
        {
            var callers = new List<Caller>();
            foreach (var (email, role) in new[]
                     {
                         ("admin@demo.rlms", Roles.Admin), ("dm.c01@demo.rlms", Roles.DataManager),
                         ("monitor.c01@demo.rlms", Roles.Monitor), ("investigator@demo.rlms", Roles.Investigator),
                     })
            {
                var browser = await app.SignInAsync(email);
                var token = AntiforgeryToken().Match(await browser.GetStringAsync("/Account/TwoFactor")).Groups[1].Value;
                callers.Add(new Caller(email, role, browser, await app.CreateApiClientAsync(email), token));
            }

            callers.Add(new Caller("anonymous", string.Empty, app.CreateBrowser(), app.CreateBrowser(), null));
            var world = new MatrixWorld(app, callers);
            world._patients["C01"] = await world.NewPatientAsync("dm.c01@demo.rlms", "C01");
            world._patients["C02"] = await world.NewPatientAsync("dm.c02@demo.rlms", "C02");
            using (var scope = app.Services.CreateScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<RlmsRegistry.Infrastructure.Identity.ApplicationUser>>();
                world._userId = (await users.FindByEmailAsync("dm.c02@demo.rlms"))!.Id;
            }

            return world;
        }

        public async Task<HttpResponseMessage> SendAsync(DiscoveredEndpoint endpoint, Caller caller, Scope scope)
        {
            var centre = scope == Scope.Own ? "C01" : "C02";
            var path = await ResolveAsync(endpoint.Path, centre);
            if (AccessRules.Query.TryGetValue(endpoint.Key, out var query))
            {
                path += "?" + await ResolveAsync(query, centre);
            }

            var client = endpoint.IsApi ? caller.Api : caller.Browser;
            using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path);
            if (endpoint.Method is "POST" or "PUT" or "PATCH")
            {
                if (endpoint.IsApi)
                {
                    request.Content = JsonContent.Create(new { version = 1 });
                }
                else
                {
                    var fields = new Dictionary<string, string>();
                    if (caller.Token is { Length: > 0 } token)
                    {
                        fields["__RequestVerificationToken"] = token;
                    }

                    request.Content = new FormUrlEncodedContent(fields);
                }
            }

            return await client.SendAsync(request);
        }

        private async Task<string> ResolveAsync(string path, string centre)
        {
            var resolved = path;
            resolved = resolved.Replace("{documentName}", "v1", StringComparison.Ordinal);
            resolved = resolved.Replace("{code:int}", "404", StringComparison.Ordinal);
            resolved = resolved.Replace("{**path}", string.Empty, StringComparison.Ordinal);
            resolved = resolved.Replace("{entity}", "Patient", StringComparison.Ordinal);
            resolved = resolved.Replace("{kind}", "operation", StringComparison.Ordinal);
            resolved = resolved.Replace("{cohort}", "primary", StringComparison.Ordinal);
            resolved = resolved.Replace("{key}", _patients[centre].ToString(), StringComparison.Ordinal);
            resolved = resolved.Replace("{userId}", _userId.ToString(), StringComparison.Ordinal);
            if (resolved.Contains("{patientId", StringComparison.Ordinal))
            {
                resolved = PatientIdParameter().Replace(resolved, _patients[centre].ToString());
            }

            if (resolved.Contains("{id", StringComparison.Ordinal))
            {
                var id = await IdForAsync(resolved, centre);
                resolved = IdParameter().Replace(resolved, id.ToString());
            }

            return resolved;
        }

        /// <summary>The record an <c>{id}</c> stands for, by the route it appears in; a fresh one where the request may delete it.</summary>
        private async Task<Guid> IdForAsync(string path, string centre)
        {
            foreach (var (prefix, resolve) in RecordResolvers)
            {
                if (path.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return await resolve(this, centre);
                }
            }

            throw new InvalidOperationException($"No record kind known for the id in {path}: add a resolver to MatrixWorld.RecordResolvers.");
        }

        public Guid Patient(string centre) => _patients[centre];

        /// <summary>Every resolver (fields named <c>*Resolvers</c> in partial files), longest route prefix first.</summary>
        private static IEnumerable<(string Prefix, Func<MatrixWorld, string, Task<Guid>> Resolve)> RecordResolvers =>
            typeof(MatrixWorld).GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)
                .Where(f => f.Name.EndsWith("Resolvers", StringComparison.Ordinal) && f.FieldType == typeof((string, Func<MatrixWorld, string, Task<Guid>>)[]))
                .SelectMany(f => ((string, Func<MatrixWorld, string, Task<Guid>>)[])f.GetValue(null)!)
                .OrderByDescending(r => r.Item1.Length);

        private static readonly (string, Func<MatrixWorld, string, Task<Guid>>)[] FoundationResolvers =
        [
            ("/api/v1/patients/", (w, centre) => Task.FromResult(w.Patient(centre))),
            ("/Patients/", (w, centre) => Task.FromResult(w.Patient(centre))),
        ];

        public RegistryAppFactory App => _app;

        private async Task<Guid> NewPatientAsync(string dataManager, string centre)
        {
            var admin = await _app.CreateApiClientAsync("admin@demo.rlms");
            using var centres = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/centres"));
            var centreId = centres.RootElement.EnumerateArray().Single(c => c.GetProperty("code").GetString() == centre).GetProperty("id").GetString();
            var dm = await _app.CreateApiClientAsync(dataManager);
            var response = await dm.PostAsJsonAsync("/api/v1/patients", new { centreId, sex = "female", birthYear = 1960, consentStatus = "given" });
            response.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return body.RootElement.GetProperty("id").GetGuid();
        }

        [GeneratedRegex("\\{id(:[a-z]+)?\\}")]
        private static partial Regex IdParameter();

        [GeneratedRegex("\\{patientId(:[a-z]+)?\\}")]
        private static partial Regex PatientIdParameter();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

/// <summary>Who may call each endpoint. Roles empty = any signed-in user; CentreScoped = another centre's record answers 404.</summary>
internal sealed record AccessRule(IReadOnlyList<string> Roles, bool CentreScoped = false, bool Anonymous = false, bool ChecksCredentials = false);

/// <summary>
/// The declared access of every endpoint, one dictionary per feature (static fields named <c>*Rules</c>, in partial
/// files <c>AccessRules.&lt;Feature&gt;.cs</c>), merged into <see cref="Table"/>.
/// </summary>
internal static partial class AccessRules
{
    /// <summary>Merged once, on first use (after every partial file's fields are initialised).</summary>
    public static IReadOnlyDictionary<string, AccessRule> Table => LazyTable.Value;

    private static readonly Lazy<IReadOnlyDictionary<string, AccessRule>> LazyTable = new(() => typeof(AccessRules)
        .GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)
        .Where(f => f.Name.EndsWith("Rules", StringComparison.Ordinal) && f.FieldType == typeof(Dictionary<string, AccessRule>))
        .SelectMany(f => (Dictionary<string, AccessRule>)f.GetValue(null)!)
        .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));

    private static AccessRule Public => new([], Anonymous: true);
    private static AccessRule SignInEndpoint => new([], Anonymous: true, ChecksCredentials: true);
    private static AccessRule AnySignedIn => new([]);
    private static AccessRule AdminOnly => new([Roles.Admin]);
    private static AccessRule RecordReaders => new([Roles.Admin, Roles.DataManager, Roles.Monitor], CentreScoped: true);
    private static AccessRule RecordReadersList => new([Roles.Admin, Roles.DataManager, Roles.Monitor]);
    private static AccessRule DataEntry => new([Roles.DataManager]);
    private static AccessRule DataEntryScoped => new([Roles.DataManager], CentreScoped: true);
    // Data managers read the history of their own centre's records too (issue 11).
    private static AccessRule Auditors => new([Roles.Admin, Roles.Monitor, Roles.DataManager]);
    private static AccessRule AuditorsScoped => new([Roles.Admin, Roles.Monitor, Roles.DataManager], CentreScoped: true);

    /// <summary>Query strings for endpoints whose record is named in the query rather than the route.</summary>
    public static readonly Dictionary<string, string> Query = new(StringComparer.Ordinal)
    {
        ["GET /Audit/Record"] = "entity={entity}&key={key}",
        ["POST /Users/PasswordLink"] = "id={userId}",
    };

    private static readonly Dictionary<string, AccessRule> FoundationRules = new(StringComparer.Ordinal)
    {
        // Infrastructure
        ["GET /health"] = Public,
        ["GET /openapi/{documentName}.json"] = Public,
        ["GET /hangfire/{**path}"] = AdminOnly,

        // Sign-in and accounts
        ["GET /Account/Login"] = Public,
        ["POST /Account/Login"] = Public,
        ["GET /Account/LoginWithCode"] = Public,
        ["POST /Account/LoginWithCode"] = Public,
        ["POST /Account/Logout"] = AnySignedIn,
        ["GET /Account/AccessDenied"] = Public,
        ["GET /Account/TwoFactor"] = AnySignedIn,
        ["POST /Account/TwoFactor"] = AnySignedIn,
        ["GET /Account/SetPassword"] = Public,
        ["POST /Account/SetPassword"] = Public,
        ["POST /api/v1/auth/login"] = SignInEndpoint,
        ["POST /api/v1/auth/refresh"] = SignInEndpoint,
        ["POST /api/v1/auth/logout"] = AnySignedIn,
        ["GET /api/v1/me"] = AnySignedIn,
        ["GET /Users/Index"] = AdminOnly,
        ["POST /Users/Create"] = AdminOnly,
        ["POST /Users/Update"] = AdminOnly,
        ["POST /Users/PasswordLink"] = AdminOnly,

        // Pages
        ["GET /Home/Index"] = AnySignedIn,
        ["GET /Home/Error"] = Public,
        ["GET /Home/Status/{code:int}"] = Public,
        ["GET /Centres/Index"] = AdminOnly,
        ["POST /Centres/Create"] = AdminOnly,
        ["GET /Patients/Index"] = RecordReadersList,
        ["GET /Patients/{id:guid}"] = RecordReaders,
        ["GET /Patients/Create"] = DataEntry,
        ["POST /Patients/Create"] = DataEntry,
        ["GET /Patients/{id:guid}/Edit"] = DataEntryScoped,
        ["POST /Patients/{id:guid}/Edit"] = DataEntryScoped,
        ["GET /Audit/Index"] = Auditors,
        ["GET /Audit/Export"] = Auditors,
        ["GET /Audit/Record"] = AuditorsScoped,

        // JSON API
        ["GET /api/v1/centres"] = AnySignedIn,
        ["POST /api/v1/centres"] = AdminOnly,
        ["GET /api/v1/patients"] = RecordReadersList,
        ["POST /api/v1/patients"] = DataEntry,
        ["GET /api/v1/patients/{id:guid}"] = RecordReaders,
        ["PUT /api/v1/patients/{id:guid}"] = DataEntryScoped,
        ["GET /api/v1/audit"] = Auditors,
        ["GET /api/v1/audit/{entity}/{key}"] = AuditorsScoped,
    };
}
