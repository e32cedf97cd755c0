using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RlmsRegistry.Application.Synthetic;
using RlmsRegistry.Cli.Infrastructure;
using RlmsRegistry.Infrastructure.Persistence;
using RlmsRegistry.Infrastructure.Synthetic;

namespace RlmsRegistry.Cli.Commands.Registry;

/// <summary>
/// <c>rlms seed demo</c>: writes the deterministic SYNTHETIC registry modelled on the published cohort into an empty,
/// migrated database, through the application's commands (default up to 5,000 patients) or the bulk path (same
/// validators and domain methods, batched saves, audit entries still written).
/// </summary>
internal sealed class SeedDemoCommand : ICommand
{
    public const int CommandsModeLimit = 5_000;

    public string Name => "seed demo";

    public string Summary => "write the synthetic registry modelled on the published cohort (227 patients, 2 centres by default) into an empty database";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("patients", $"number of patients, 1–{SyntheticRegistryOptions.MaxPatients:N0} (default {SyntheticRegistryOptions.DefaultPatients})", ValueName: "N"),
        new("centres", $"number of centres C01…, 1–{SyntheticRegistryOptions.MaxCentres} (default {SyntheticRegistryOptions.DefaultCentres})", ValueName: "C"),
        new("seed", $"random seed, any integer (default {SyntheticRegistryOptions.DefaultSeed}); the same seed gives the same registry", ValueName: "S"),
        new("mode", $"write through the commands, or the bulk path (default: commands up to {CommandsModeLimit:N0} patients)", Allowed: ["commands", "bulk"]),
        RegistryHost.Provider,
        RegistryHost.Connection,
    ];

    public int Execute(ParsedOptions options, CommandContext context)
    {
        var patients = Integer(options, "patients", SyntheticRegistryOptions.DefaultPatients, 1, SyntheticRegistryOptions.MaxPatients);
        var centres = Integer(options, "centres", SyntheticRegistryOptions.DefaultCentres, 1, SyntheticRegistryOptions.MaxCentres);
        var seed = Integer(options, "seed", SyntheticRegistryOptions.DefaultSeed, int.MinValue, int.MaxValue);
        if (centres > patients)
        {
            throw new InputException($"option --centres: {centres} centres for {patients} patient(s); give at most one centre per patient");
        }

        if (patients > MaxPatients(centres))
        {
            throw new InputException($"option --patients: {patients:N0} patients in {centres} centre(s) would exceed the 99,999 study IDs of a centre; add centres");
        }

        var mode = options.Get("mode") switch
        {
            "commands" => SyntheticWriteMode.Commands,
            "bulk" => SyntheticWriteMode.Bulk,
            _ => patients <= CommandsModeLimit ? SyntheticWriteMode.Commands : SyntheticWriteMode.Bulk,
        };

        using var services = RegistryHost.Build(options);
        using (var scope = services.CreateScope())
        {
            RegistryHost.RequireMigrated(scope.ServiceProvider.GetRequiredService<RegistryDbContext>());
        }

        var writer = new SyntheticRegistryWriter(services.GetRequiredService<IServiceScopeFactory>());
        SyntheticWriteResult result;
        try
        {
            result = writer.WriteAsync(new SyntheticRegistryOptions { Patients = patients, Centres = centres, Seed = seed }, mode)
                .GetAwaiter().GetResult();
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("the registry already holds", StringComparison.Ordinal))
        {
            throw new InputException(e.Message, e);
        }

        var recurrent = SyntheticRegistryGenerator.RecurrentCount(patients);
        context.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Wrote a SYNTHETIC registry (generated data, not patients): {patients:N0} patients ({patients - recurrent:N0} primary, {recurrent:N0} recurrent) in {centres} centre(s) C01…{SyntheticRegistryGenerator.CentreCode(centres - 1)}, seed {seed}, {mode.ToString().ToLowerInvariant()} mode, in {result.Elapsed.TotalSeconds:0.0} s."));
        return RlmsCli.Success;
    }

    /// <summary>The most patients the centres' study-ID ranges take, with a margin for the random allocation.</summary>
    private static int MaxPatients(int centres)
    {
        var total = Enumerable.Range(0, centres).Sum(c => 1.0 / (1.0 + (0.3 * c)));
        return (int)Math.Min(SyntheticRegistryOptions.MaxPatients, 99_999 * total * 0.97);
    }

    private static int Integer(ParsedOptions options, string name, int fallback, int min, int max)
    {
        if (options.Get(name) is not { } raw)
        {
            return fallback;
        }

        if (!int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new InputException($"option --{name}: '{raw}' is not a whole number");
        }

        if (value < min || value > max)
        {
            throw new InputException($"option --{name}: {value} is out of range ({min.ToString("N0", CultureInfo.InvariantCulture)}–{max.ToString("N0", CultureInfo.InvariantCulture)})");
        }

        return value;
    }
}
