using System.Text.RegularExpressions;
using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Domain.Centres;

/// <summary>A participating hospital. Owns its patients and hands out their study IDs.</summary>
public sealed partial class Centre : IVersioned
{
    public const int NameMaxLength = 200;

    private Centre()
    {
        Code = string.Empty;
        Name = string.Empty;
    }

    public Centre(string code, string name)
    {
        Id = Guid.CreateVersion7();
        Code = NormaliseCode(code);
        Name = NormaliseName(name);
    }

    public Guid Id { get; private set; }

    /// <summary>2–10 uppercase letters or digits, unique across the registry, part of every study ID.</summary>
    public string Code { get; private set; }

    public string Name { get; private set; }

    /// <summary>The last patient sequence number handed out; numbers are never reused.</summary>
    public int LastPatientSequence { get; private set; }

    public int Version { get; private set; }

    public void Rename(string name) => Name = NormaliseName(name);

    /// <summary>Hands out the next study ID, <c>&lt;code&gt;-&lt;5-digit sequence&gt;</c>.</summary>
    public string AllocateStudyId()
    {
        if (LastPatientSequence >= 99_999)
        {
            throw new DomainRuleException(nameof(Code), $"Centre {Code} has used all 99,999 study IDs.");
        }

        LastPatientSequence++;
        return $"{Code}-{LastPatientSequence:D5}";
    }

    /// <summary>
    /// Takes a study ID given from outside (an import of another registry's records): it must be this centre's
    /// (<c>&lt;code&gt;-&lt;5 digits&gt;</c>), and later allocations continue after it, so no number is handed out twice.
    /// </summary>
    public void ClaimStudyId(string studyId)
    {
        var prefix = Code + "-";
        if (!studyId.StartsWith(prefix, StringComparison.Ordinal)
            || studyId.Length != prefix.Length + 5
            || !int.TryParse(studyId.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence)
            || sequence < 1)
        {
            throw new DomainRuleException("StudyId", $"A study ID of centre {Code} is {Code}- followed by 5 digits, e.g. {Code}-00001.");
        }

        if (sequence > LastPatientSequence)
        {
            LastPatientSequence = sequence;
        }
    }

    public void BumpVersion() => Version++;

    public static bool IsValidCode(string? code) => code is not null && CodePattern().IsMatch(code);

    private static string NormaliseCode(string code)
    {
        var trimmed = (code ?? string.Empty).Trim();
        if (!IsValidCode(trimmed))
        {
            throw new DomainRuleException(nameof(Code), "The centre code must be 2 to 10 uppercase letters or digits.");
        }

        return trimmed;
    }

    private static string NormaliseName(string name)
    {
        var trimmed = (name ?? string.Empty).Trim();
        if (trimmed.Length == 0 || trimmed.Length > NameMaxLength)
        {
            throw new DomainRuleException(nameof(Name), $"The centre name is required (at most {NameMaxLength} characters).");
        }

        return trimmed;
    }

    [GeneratedRegex("^[A-Z0-9]{2,10}$")]
    private static partial Regex CodePattern();
}
