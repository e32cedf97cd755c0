namespace RlmsRegistry.Application.Common.Models;

/// <summary>One page of a list, with the total count across all pages.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int PageCount => PageSize <= 0 ? 0 : (Total + PageSize - 1) / PageSize;
}
