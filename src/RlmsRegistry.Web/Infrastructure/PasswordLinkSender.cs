using System.Net.Mail;

namespace RlmsRegistry.Web.Infrastructure;

/// <summary>Delivers a one-time set-password link to the person it is for.</summary>
public interface IPasswordLinkSender
{
    /// <summary>Sends the link; returns false when it was not delivered and the admin must pass it on.</summary>
    Task<bool> SendAsync(string email, Uri link, CancellationToken cancellationToken);
}

/// <summary>No mail server configured (the demo): the admin page shows the link to pass on.</summary>
public sealed class ShowToAdminLinkSender : IPasswordLinkSender
{
    public Task<bool> SendAsync(string email, Uri link, CancellationToken cancellationToken) => Task.FromResult(false);
}

/// <summary>E-mails the link through the SMTP server of <c>Email:Smtp:Host</c>/<c>Port</c>/<c>From</c>.</summary>
public sealed class SmtpLinkSender(IConfiguration configuration, ILogger<SmtpLinkSender> logger) : IPasswordLinkSender
{
    public async Task<bool> SendAsync(string email, Uri link, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient(configuration["Email:Smtp:Host"], configuration.GetValue("Email:Smtp:Port", 25));
        using var message = new MailMessage(configuration["Email:From"] ?? "registry@localhost", email)
        {
            Subject = "RLMS Registry: set your password",
            Body = $"An account was created or reset for you in the RLMS Registry.\n\nSet your password here (the link works once):\n{link}\n",
        };
        try
        {
            await client.SendMailAsync(message, cancellationToken);
            return true;
        }
        catch (SmtpException ex)
        {
            logger.LogWarning(ex, "The set-password link could not be e-mailed; it is shown to the admin instead.");
            return false;
        }
    }
}
