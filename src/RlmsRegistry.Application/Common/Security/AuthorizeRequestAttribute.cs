namespace RlmsRegistry.Application.Common.Security;

/// <summary>
/// Declares who may send a request. Checked by the authorization behaviour before validation, so a
/// forbidden caller learns nothing from validation messages. Several attributes all have to pass;
/// within one attribute any listed role suffices. A request without the attribute needs only a signed-in caller.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class AuthorizeRequestAttribute : Attribute
{
    public AuthorizeRequestAttribute(params string[] roles)
    {
        Roles = roles;
    }

    public IReadOnlyList<string> Roles { get; }
}

/// <summary>Marks a request that anyone, even an anonymous caller, may send.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class AllowAnonymousRequestAttribute : Attribute;
