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

    /// <summary>Label, answers and rules: <see cref="Domain.Forms.FormDefinitions.Patient"/>.</summary>
    public Sex? Sex { get; set; }

    public int? BirthYear { get; set; }

    public ConsentStatus? ConsentStatus { get; set; }

    public int? Version { get; set; }

    [Display(Name = "Reason for the change")]
    public string? Reason { get; set; }

    public IReadOnlyList<CentreDto> Centres { get; set; } = [];
}

public sealed class TwoFactorLoginViewModel
{
    [Display(Name = "Code from your authenticator app (or a recovery code)")]
    public string? Code { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class TwoFactorViewModel
{
    public bool Enabled { get; set; }

    public bool Required { get; set; }

    public string SharedKey { get; set; } = string.Empty;

    public string AuthenticatorUri { get; set; } = string.Empty;

    /// <summary>A new authenticator key not stored yet (protected): stored by the POST that turns two-factor on.</summary>
    public string? PendingKey { get; set; }

    [Display(Name = "Code shown by the app")]
    public string? Code { get; set; }

    public IReadOnlyList<string> RecoveryCodes { get; set; } = [];
}

public sealed class SetPasswordViewModel
{
    public Guid UserId { get; set; }

    public string? Token { get; set; }

    [Display(Name = "New password")]
    public string? Password { get; set; }

    [Display(Name = "Repeat the password")]
    public string? ConfirmPassword { get; set; }
}

public sealed class UsersViewModel
{
    public IReadOnlyList<RlmsRegistry.Application.Common.Abstractions.UserSummary> Users { get; set; } = [];

    public IReadOnlyList<CentreDto> Centres { get; set; } = [];

    public UserForm Form { get; set; } = new();

    /// <summary>A set-password link to pass on (no mail server configured).</summary>
    public string? LinkToPassOn { get; set; }

    public string? LinkFor { get; set; }
}

public sealed class UserForm
{
    public Guid? Id { get; set; }

    [Display(Name = "E-mail")]
    public string? Email { get; set; }

    [Display(Name = "Roles")]
    public List<string> Roles { get; set; } = [];

    [Display(Name = "Centres")]
    public List<Guid> CentreIds { get; set; } = [];

    [Display(Name = "Active")]
    public bool IsActive { get; set; } = true;
}

public sealed class AuditViewModel
{
    public IReadOnlyList<RlmsRegistry.Application.Audit.Queries.AuditEntryDto> Entries { get; set; } = [];

    public IReadOnlyList<CentreDto> Centres { get; set; } = [];

    public Guid? CentreId { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public string? Title { get; set; }
}
