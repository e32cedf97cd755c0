using Microsoft.AspNetCore.Mvc;

namespace RlmsRegistry.Web.Infrastructure.Forms;

/// <summary>How posted form fields are read: decimals in any browser language, labels in every binding message.</summary>
public static class FormBinding
{
    public static void Configure(MvcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ModelBinderProviders.Insert(0, new DecimalEntryModelBinderProvider());
        options.ModelMetadataDetailsProviders.Add(new FieldDisplayMetadataProvider());
        var messages = options.ModelBindingMessageProvider;
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => $"{field}: “{value}” is not a valid entry.");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"“{value}” is not a valid entry.");
        messages.SetUnknownValueIsInvalidAccessor(field => $"{field}: the entry is not valid.");
        messages.SetValueMustBeANumberAccessor(field => $"{field} must be a number.");
        messages.SetValueIsInvalidAccessor(value => $"“{value}” is not a valid entry.");
        messages.SetMissingBindRequiredValueAccessor(field => $"{field} is required.");
        messages.SetValueMustNotBeNullAccessor(field => $"{field} is required.");
    }
}
