namespace RlmsRegistry.Domain.Common;

/// <summary>
/// A registry rule was broken by the data offered. Carries the field the rule is about so the
/// caller can show the reason beside that field (form) or list it in ProblemDetails (API).
/// </summary>
public sealed class DomainRuleException : Exception
{
    public DomainRuleException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    public DomainRuleException()
        : this(string.Empty, "A registry rule was broken.")
    {
    }

    public DomainRuleException(string message)
        : this(string.Empty, message)
    {
    }

    public DomainRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
    }

    /// <summary>The name of the field the rule concerns (PascalCase property name), or empty for the whole record.</summary>
    public string Field { get; } = string.Empty;
}
