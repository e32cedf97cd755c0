namespace RlmsRegistry.Application.Common.Exceptions;

/// <summary>The record does not exist, or the caller may not know it exists (another centre's record).</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException()
        : base("The record was not found.")
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static NotFoundException For(string entity, object key) => new($"{entity} {key} was not found.");
}

/// <summary>The caller is signed in but their role does not allow the request.</summary>
public sealed class ForbiddenException : Exception
{
    public ForbiddenException()
        : base("You do not have permission to do this.")
    {
    }

    public ForbiddenException(string message)
        : base(message)
    {
    }

    public ForbiddenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The caller is not signed in.</summary>
public sealed class UnauthenticatedException : Exception
{
    public UnauthenticatedException()
        : base("Sign in first.")
    {
    }

    public UnauthenticatedException(string message)
        : base(message)
    {
    }

    public UnauthenticatedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The record changed since the caller loaded it (optimistic concurrency), or a uniqueness rule was hit.
/// <see cref="Changes"/> lists what someone else changed, so the user can see it and decide.
/// </summary>
public sealed class ConflictException : Exception
{
    public ConflictException()
        : this("The record was changed by someone else.")
    {
    }

    public ConflictException(string message)
        : this(message, [])
    {
    }

    public ConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        Changes = [];
    }

    public ConflictException(string message, IReadOnlyList<FieldChange> changes)
        : base(message)
    {
        Changes = changes;
    }

    public IReadOnlyList<FieldChange> Changes { get; }
}

/// <summary>One field that differs between what the caller saw and what is stored now.</summary>
public sealed record FieldChange(string Field, string? YourValue, string? StoredValue);
