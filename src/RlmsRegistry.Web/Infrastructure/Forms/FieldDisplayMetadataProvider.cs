using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace RlmsRegistry.Web.Infrastructure.Forms;

/// <summary>
/// Gives every bound form field its label from the field definition, so that model-binding messages ("… is not a
/// valid number") and &lt;label asp-for&gt; use the words the user sees, never the C# property name.
/// </summary>
public sealed class FieldDisplayMetadataProvider : IDisplayMetadataProvider
{
    public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Key.MetadataKind == Microsoft.AspNetCore.Mvc.ModelBinding.Metadata.ModelMetadataKind.Property
            && FieldCatalogue.FieldOf(context.Key.ContainerType, context.Key.Name) is { } field)
        {
            context.DisplayMetadata.DisplayName = () => field.Label;
        }
    }
}
