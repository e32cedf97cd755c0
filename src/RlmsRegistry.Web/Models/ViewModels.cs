using System.ComponentModel.DataAnnotations;
using RlmsRegistry.Application.Centres;
using RlmsRegistry.Application.Common.Models;
using RlmsRegistry.Application.Patients;
using RlmsRegistry.Domain.Patients;

namespace RlmsRegistry.Web.Models;

public sealed class LoginViewModel
{
    [Display(Name = "E-mail")]
    public string? Email { get; set; }

    [Display(Name = "Password")]
    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class CentresViewModel
{
    public IReadOnlyList<CentreDto> Centres { get; set; } = [];

    public CentreForm Form { get; set; } = new();
}

public sealed class CentreForm
{
    [Display(Name = "Code")]
    public string? Code { get; set; }

    [Display(Name = "Name")]
    public string? Name { get; set; }
}

public sealed class PatientListViewModel
{
    public PagedResult<PatientListItemDto> Result { get; set; } = new([], 0, 1, 25);

    public IReadOnlyList<CentreDto> Centres { get; set; } = [];

    public string? Search { get; set; }

    public Guid? CentreId { get; set; }
}

public sealed class PatientForm
{
    public Guid? Id { get; set; }

    public string? StudyId { get; set; }

    [Display(Name = "Centre")]
    public Guid? CentreId { get; set; }

    [Display(Name = "Sex")]
    public Sex? Sex { get; set; }

    [Display(Name = "Year of birth")]
    public int? BirthYear { get; set; }

    [Display(Name = "Consent status")]
    public ConsentStatus? ConsentStatus { get; set; }

    public int? Version { get; set; }

    [Display(Name = "Reason for the change")]
    public string? Reason { get; set; }

    public IReadOnlyList<CentreDto> Centres { get; set; } = [];
}
