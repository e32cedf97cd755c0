using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application;
using RlmsRegistry.Application.Users.Commands.SetPassword;
using RlmsRegistry.Cli.Tests.Support;
using RlmsRegistry.Infrastructure;
using RlmsRegistry.Infrastructure.Identity;

namespace RlmsRegistry.Cli.Tests;

/// <summary>
/// <c>rlms user add</c>: the first account of a registry migrated without the demo seed (no roles, no accounts yet),
/// through the same command and validators as the admin's page; bad input is exit 2 with one line and creates nothing.
/// </summary>
public sealed class UserAddTests : IDisposable
{
    private const string GoodPassword = "Corr3ct-Horse-Battery!";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rlms-user-" + Guid.NewGuid().ToString("N"));
    private readonly string _cs;

    public UserAddTests()
    {
        Directory.CreateDirectory(_dir);
        _cs = $"Data Source={Path.Combine(_dir, "r.db")}";
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private void Migrate() => Assert.Equal(0, CliRunner.Run("db", "migrate", "--connection", _cs).ExitCode);

    private long Count(string sql)
    {
        using var connection = new SqliteConnection(_cs);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The web app's account services over the same database (its own key ring cache: only the database's keys are shared).</summary>
    private ServiceProvider WebLikeServices(IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Registry"] = _cs,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRegistryApplication();
        services.AddRegistryInfrastructure(configuration, _dir);
        services.AddRegistryDataProtection(configuration);
        services.AddIdentityCore<ApplicationUser>(RlmsRegistry.Infrastructure.DependencyInjection.ConfigureIdentityOptions).AddRegistryIdentityCore();
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task GivenAFreshlyMigratedRegistry_WhenTheFirstAdminIsAddedWithAPipedPassword_ThenTheAccountSignsInWithTheAdminRole()
    {
        Migrate();
        Assert.Equal(0, Count("SELECT COUNT(*) FROM AspNetRoles"));

        var run = CliRunner.RunWithInput(GoodPassword + "\n", "user", "add", "--email", "first.admin@hospital.example", "--role", "Admin", "--password-stdin", "--connection", _cs);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Contains("Created first.admin@hospital.example (Admin)", run.Stdout);
        Assert.DoesNotContain(GoodPassword, run.Stdout);
        await using var services = WebLikeServices();
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync("first.admin@hospital.example");
        Assert.NotNull(user);
        Assert.True(await users.CheckPasswordAsync(user, GoodPassword));
        Assert.Equal(["Admin"], await users.GetRolesAsync(user));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM AuditEntries WHERE Entity = 'ApplicationUser' AND Action = 'Insert' AND UserName = 'system:cli'"));
        // Setting the password is audited as a change of a secret, never with its value.
        Assert.Equal(1, Count("SELECT COUNT(*) FROM AuditEntries WHERE Entity = 'ApplicationUser' AND Action = 'Update' AND Changes LIKE '%\"Field\":\"PasswordHash\",\"Old\":null,\"New\":\"(secret)\"%'"));
        Assert.Equal(0, Count($"SELECT COUNT(*) FROM AuditEntries WHERE Changes LIKE '%{user.PasswordHash![..20]}%' OR Changes LIKE '%{user.SecurityStamp}%'"));
    }

    [Fact]
    public async Task GivenNoPassword_ThenTheOneTimeLinkIsPrintedAndTheWebAppAcceptsItsToken()
    {
        Migrate();

        var run = CliRunner.Run("user", "add", "--email", "reader@hospital.example", "--role", "Investigator", "--connection", _cs);

        Assert.Equal(0, run.ExitCode);
        var link = Regex.Match(run.Stdout, @"/Account/SetPassword\?user=(?<user>[0-9a-f-]{36})&token=(?<token>\S+)");
        Assert.True(link.Success, run.Stdout);
        await using var services = WebLikeServices();
        using (var scope = services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SetPasswordCommand(
                Guid.Parse(link.Groups["user"].Value), Uri.UnescapeDataString(link.Groups["token"].Value), GoodPassword, GoodPassword));
        }

        using var check = services.CreateScope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync("reader@hospital.example"))!;
        Assert.True(await users.CheckPasswordAsync(user, GoodPassword));
        Assert.Equal(["Investigator"], await users.GetRolesAsync(user));
    }

    [Fact]
    public async Task GivenKeysEncryptedWithACertificate_WhenTheCliPrintsALink_ThenItsKeyIsStoredEncryptedAndTheWebAppAcceptsTheToken()
    {
        // The CLI reads its settings from the environment, as deployed: run it as its own process.
        Migrate();
        var pfx = Path.Combine(_dir, "keys.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=rlms-test-keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "keys-password"));
        }

        var settings = new Dictionary<string, string>
        {
            ["DataProtection:CertificatePath"] = pfx,
            ["DataProtection:CertificatePassword"] = "keys-password",
        };

        var run = RunProcess(settings, "user", "add", "--email", "reader@hospital.example", "--role", "Investigator", "--connection", _cs);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var link = Regex.Match(run.Stdout, @"/Account/SetPassword\?user=(?<user>[0-9a-f-]{36})&token=(?<token>\S+)");
        Assert.True(link.Success, run.Stdout);
        Assert.Equal(1, Count("SELECT COUNT(*) FROM DataProtectionKeys"));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM DataProtectionKeys WHERE Xml LIKE '%<encryptedSecret%'"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM DataProtectionKeys WHERE Xml LIKE '%<masterKey%'"));

        await using var services = WebLikeServices(settings);
        using (var scope = services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SetPasswordCommand(
                Guid.Parse(link.Groups["user"].Value), Uri.UnescapeDataString(link.Groups["token"].Value), GoodPassword, GoodPassword));
        }

        using var check = services.CreateScope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByEmailAsync("reader@hospital.example"))!, GoodPassword));
    }

    [Fact]
    public void GivenACertificateThatCannotBeRead_WhenTheCliStarts_ThenExit2WithOneLineNamingTheSetting()
    {
        Migrate();
        var missing = Path.Combine(_dir, "no-such.pfx");

        var run = RunProcess(new Dictionary<string, string> { ["DataProtection:CertificatePath"] = missing }, "user", "add", "--email", "x@hospital.example", "--role", "Investigator", "--connection", _cs);

        run.AssertOneLineError("DataProtection:CertificatePath", missing);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM AspNetUsers"));
    }

    /// <summary>Runs the built <c>rlms</c> as its own process with the settings as environment variables (":" → "__").</summary>
    private static CliRun RunProcess(IReadOnlyDictionary<string, string> settings, params string[] args) =>
        ProcessRun.Run(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "rlms.dll"), .. args],
            settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value));

    [Fact]
    public void GivenADataManager_ThenTheCentreCodesBecomeTheAccountsCentres()
    {
        Migrate();
        Assert.Equal(0, CliRunner.Run("seed", "demo", "--patients", "6", "--centres", "2", "--connection", _cs).ExitCode);

        var run = CliRunner.Run("user", "add", "--email", "dm@hospital.example", "--role", "DataManager", "--centres", "C02", "--connection", _cs);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1, Count("SELECT COUNT(*) FROM UserCentres uc JOIN Centres c ON c.Id = uc.CentreId JOIN AspNetUsers u ON u.Id = uc.UserId WHERE c.Code = 'C02' AND u.Email = 'dm@hospital.example'"));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM UserCentres"));
    }

    [Theory]
    [InlineData("--role", "Boss", "option --role: unknown role 'Boss'")]
    [InlineData("--role", "DataManager", "option --centres: Data managers and monitors need at least one centre.")]
    [InlineData("--centres", "C09", "option --centres: no centre with code 'C09'")]
    [InlineData("--email", "not-an-address", "option --email: Enter a valid e-mail address.")]
    public void GivenBadAccessOptions_ThenExit2WithOneLineAndNoAccount(string option, string value, string message)
    {
        Migrate();
        var args = new Dictionary<string, string> { ["--email"] = "x@hospital.example", ["--role"] = "Investigator", ["--connection"] = _cs };
        args[option] = value;

        var run = CliRunner.Run(["user", "add", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);

        run.AssertOneLineError(message);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM AspNetUsers"));
    }

    [Fact]
    public void GivenAWeakPipedPassword_ThenExit2NamingTheRulesAndNoAccountIsCreated()
    {
        Migrate();

        var run = CliRunner.RunWithInput("short\n", "user", "add", "--email", "x@hospital.example", "--role", "Admin", "--password-stdin", "--connection", _cs);

        run.AssertOneLineError("option --password-stdin:", "at least 12 characters");
        Assert.Equal(0, Count("SELECT COUNT(*) FROM AspNetUsers"));
    }

    [Fact]
    public void GivenAnExistingEmailOrAnUnmigratedDatabaseOrNoPipedPassword_ThenExit2()
    {
        CliRunner.Run("user", "add", "--email", "x@hospital.example", "--role", "Admin", "--connection", _cs).AssertOneLineError("rlms db migrate");
        Migrate();
        Assert.Equal(0, CliRunner.Run("user", "add", "--email", "x@hospital.example", "--role", "Admin", "--connection", _cs).ExitCode);

        CliRunner.Run("user", "add", "--email", "X@hospital.example", "--role", "Investigator", "--connection", _cs).AssertOneLineError("option --email: An account with this e-mail address already exists.");
        CliRunner.RunWithInput("", "user", "add", "--email", "y@hospital.example", "--role", "Admin", "--password-stdin", "--connection", _cs).AssertOneLineError("no password on standard input");
        CliRunner.Run("user", "add", "--role", "Admin", "--connection", _cs).AssertOneLineError("--email");
        Assert.Equal(1, Count("SELECT COUNT(*) FROM AspNetUsers"));
    }
}
