namespace RlmsRegistry.Cli.Infrastructure;

/// <summary>
/// Bad input or bad usage: the message is one line saying what and where (option, column, row); the process
/// exits with code 2. Thrown only inside the CLI and caught by <see cref="RlmsCli.Run"/>.
/// </summary>
public sealed class InputException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public InputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and a cause.</summary>
    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public InputException()
        : base("invalid input")
    {
    }
}
