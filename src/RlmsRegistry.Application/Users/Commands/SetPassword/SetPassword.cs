using FluentValidation;
using FluentValidation.Results;
using Mediator;
using RlmsRegistry.Application.Common.Abstractions;
using RlmsRegistry.Application.Common.Security;

namespace RlmsRegistry.Application.Users.Commands.SetPassword;

/// <summary>The person opens their one-time link and chooses a password (at least 12 characters).</summary>
[AllowAnonymousRequest]
public sealed record SetPasswordCommand(Guid UserId, string? Token, string? Password, string? ConfirmPassword) : ICommand<Unit>;

public sealed class SetPasswordValidator : AbstractValidator<SetPasswordCommand>
{
    public SetPasswordValidator()
    {
        RuleFor(c => c.Token).NotEmpty().WithMessage("This link is incomplete; ask your administrator for a new one.");
        RuleFor(c => c.Password).NotEmpty().WithMessage("Choose a password.")
            .MinimumLength(12).WithMessage("The password must have at least 12 characters.");
        RuleFor(c => c.ConfirmPassword).Equal(c => c.Password).WithMessage("The two passwords differ.");
    }
}

public sealed class SetPasswordHandler(IUserAdministration users) : ICommandHandler<SetPasswordCommand, Unit>
{
    public async ValueTask<Unit> Handle(SetPasswordCommand command, CancellationToken cancellationToken)
    {
        var errors = await users.SetPasswordAsync(command.UserId, command.Token!, command.Password!, cancellationToken);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors.Select(e => new ValidationFailure(nameof(SetPasswordCommand.Password), e)));
        }

        return Unit.Value;
    }
}
