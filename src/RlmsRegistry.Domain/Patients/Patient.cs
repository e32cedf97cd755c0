using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Domain.Patients;

/// <summary>
/// A registered patient. Holds no name or hospital number: the study ID is the only identifier,
/// and a local hospital number may be kept only as a keyed hash for duplicate detection.
/// </summary>
public sealed class Patient : IVersioned, ICentreOwned
{
    public const int MinBirthYear = 1900;

    private Patient()
    {
        StudyId = string.Empty;
    }

    public Patient(Guid centreId, string studyId, Sex sex, int birthYear, ConsentStatus consentStatus, IClock clock)
    {
        Id = Guid.CreateVersion7();
        CentreId = centreId;
        StudyId = studyId;
        CreatedAt = clock.UtcNow;
        Update(sex, birthYear, consentStatus, clock);
    }

    public Guid Id { get; private set; }

    public Guid CentreId { get; private set; }

    /// <summary><c>&lt;centre code&gt;-&lt;5-digit sequence&gt;</c>, assigned once, never reused.</summary>
    public string StudyId { get; private set; }

    public Sex Sex { get; private set; }

    public int BirthYear { get; private set; }

    public ConsentStatus ConsentStatus { get; private set; }

    /// <summary>Keyed hash (HMAC-SHA-256, hex) of the local hospital number, for duplicate detection only.</summary>
    public string? HospitalNumberHash { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public int Version { get; private set; }

    public void Update(Sex sex, int birthYear, ConsentStatus consentStatus, IClock clock)
    {
        if (!Enum.IsDefined(sex))
        {
            throw new DomainRuleException(nameof(Sex), "Sex must be female or male.");
        }

        if (!Enum.IsDefined(consentStatus))
        {
            throw new DomainRuleException(nameof(ConsentStatus), "Consent status must be given, waived or withdrawn.");
        }

        ValidateBirthYear(birthYear, clock.Today.Year);
        Sex = sex;
        BirthYear = birthYear;
        ConsentStatus = consentStatus;
    }

    public void SetHospitalNumberHash(string? hash) => HospitalNumberHash = string.IsNullOrWhiteSpace(hash) ? null : hash;

    public void BumpVersion() => Version++;

    public static void ValidateBirthYear(int birthYear, int currentYear)
    {
        if (birthYear < MinBirthYear || birthYear > currentYear)
        {
            throw new DomainRuleException(nameof(BirthYear), $"Year of birth must be between {MinBirthYear} and {currentYear}.");
        }
    }
}
