using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace RlmsRegistry.Infrastructure.Identity;

/// <summary>
/// Refuses a password found (ignoring case) in the shipped list of 10,000 predictable passwords
/// (<c>Identity/Resources/common-passwords.txt</c>, composed by <c>infra/passwords/compose-common-passwords.py</c>:
/// common roots with the usual decorations, keyboard walks, digit runs and repeats; not a breach corpus).
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<ApplicationUser>
{
    public const string Code = "CommonPassword";

    private static readonly Lazy<HashSet<string>> List = new(Load);

    public static bool IsCommon(string password) => List.Value.Contains(password.Trim());

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password) =>
        Task.FromResult(password is not null && IsCommon(password)
            ? IdentityResult.Failed(new IdentityError { Code = Code, Description = "This password is on the list of common passwords that are guessed first. Choose another." })
            : IdentityResult.Success);

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("RlmsRegistry.Infrastructure.Identity.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                set.Add(line);
            }
        }

        return set;
    }
}
