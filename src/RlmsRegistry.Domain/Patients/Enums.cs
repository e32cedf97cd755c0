namespace RlmsRegistry.Domain.Patients;

public enum Sex
{
    Female = 1,
    Male = 2,
}

public enum ConsentStatus
{
    Given = 1,
    Waived = 2,
    Withdrawn = 3,
}
