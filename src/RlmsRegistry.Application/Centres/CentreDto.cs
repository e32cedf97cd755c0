using Riok.Mapperly.Abstractions;
using RlmsRegistry.Domain.Centres;

namespace RlmsRegistry.Application.Centres;

public sealed record CentreDto(Guid Id, string Code, string Name);

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
public static partial class CentreMapper
{
    public static partial CentreDto ToDto(this Centre centre);

    public static partial IQueryable<CentreDto> ProjectToDto(this IQueryable<Centre> query);
}
