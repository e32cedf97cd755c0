using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace RlmsRegistry.Web.Infrastructure.Forms;

/// <summary>
/// Form posts: binds decimal fields with <see cref="DecimalEntry"/> (decimal comma or point, ambiguity refused with a
/// message beside the field naming it by its label). JSON bodies are not concerned (a JSON number has one spelling).
/// </summary>
public sealed class DecimalEntryModelBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        ArgumentNullException.ThrowIfNull(bindingContext);
        var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (result == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
        var text = result.FirstValue;
        if (string.IsNullOrWhiteSpace(text))
        {
            if (bindingContext.ModelMetadata.IsReferenceOrNullableType)
            {
                bindingContext.Result = ModelBindingResult.Success(null);
            }

            return Task.CompletedTask;
        }

        if (DecimalEntry.TryParse(text, out var value, out var problem))
        {
            bindingContext.Result = ModelBindingResult.Success(value);
        }
        else
        {
            var label = bindingContext.ModelMetadata.DisplayName ?? "This field";
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, $"{label}: {problem}.");
        }

        return Task.CompletedTask;
    }
}

/// <summary>Uses <see cref="DecimalEntryModelBinder"/> for decimal and decimal? outside JSON bodies.</summary>
public sealed class DecimalEntryModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        return type == typeof(decimal) ? new DecimalEntryModelBinder() : null;
    }
}
