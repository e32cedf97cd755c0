using RlmsRegistry.Domain.Common;

namespace RlmsRegistry.Domain.Tests.TestSupport;

/// <summary>A clock stopped at noon UTC on a given day.</summary>
internal sealed class FixedClock(DateOnly today) : IClock
{
    /// <summary>The "today" of every test unless stated: 30 June 2025.</summary>
    public static readonly IClock Default = new FixedClock(new DateOnly(2025, 6, 30));

    public DateTimeOffset UtcNow { get; } = new(today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
}
