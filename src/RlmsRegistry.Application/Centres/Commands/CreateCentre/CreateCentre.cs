using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;
using RlmsRegistry.Domain.Centres;

namespace RlmsRegistry.Application.Centres.Commands.CreateCentre;

/// <summary>An admin adds a participating centre.</summary>
[AuthorizeRequest(Roles.Admin)]
public sealed record CreateCentreCommand(string? Code, string? Name) : ICommand<CentreDto>;

public sealed class CreateCentreValidator : AbstractValidator<CreateCentreCommand>
{
    public CreateCentreValidator(IRegistryDbContext db)
    {
        RuleFor(c => c.Code)
            .NotEmpty().WithMessage("The centre code is required.")
            .Must(Centre.IsValidCode).WithMessage("The centre code must be 2 to 10 uppercase letters or digits.")
            .MustAsync(async (code, ct) => !await db.Centres.AnyAsync(c => c.Code == code, ct))
            .WithMessage("A centre with this code already exists.");
        RuleFor(c => c.Name)
            .NotEmpty().WithMessage("The centre name is required.")
            .MaximumLength(Centre.NameMaxLength);
    }
}

public sealed class CreateCentreHandler(IRegistryDbContext db) : ICommandHandler<CreateCentreCommand, CentreDto>
{
    public async ValueTask<CentreDto> Handle(CreateCentreCommand command, CancellationToken cancellationToken)
    {
        var centre = new Centre(command.Code!, command.Name!);
        db.Centres.Add(centre);
        await db.SaveChangesAsync(cancellationToken);
        return centre.ToDto();
    }
}
