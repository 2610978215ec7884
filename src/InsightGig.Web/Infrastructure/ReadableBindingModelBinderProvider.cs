using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace InsightGig.Web.Infrastructure;

/// <summary>
/// Binds text and <see cref="FormStampAttribute"/> values from the query, form and route as MVC does, with errors a person
/// can act on: text with control characters (a NUL, which PostgreSQL cannot store) is refused with a message naming the
/// field, and a form stamp that does not bind says the form is out of date.
/// </summary>
internal sealed class ReadableBindingModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Metadata;
        // Bodies, headers, services and files have binders of their own, and so has a value that names its binder.
        if (context.BindingInfo.BindingSource is { IsGreedy: true } || context.BindingInfo.BinderType is not null || metadata.IsComplexType)
        {
            return null;
        }

        var formStamp = metadata is DefaultModelMetadata { Attributes.PropertyAttributes: { } attributes } && attributes.OfType<FormStampAttribute>().Any();
        if (!formStamp && metadata.ModelType != typeof(string))
        {
            return null;
        }

        var inner = new SimpleTypeModelBinder(metadata.ModelType, context.Services.GetRequiredService<ILoggerFactory>());
        return new ReadableBindingModelBinder(inner, formStamp);
    }

    private sealed class ReadableBindingModelBinder(IModelBinder inner, bool formStamp) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            var key = bindingContext.ModelName;
            var modelState = bindingContext.ModelState;
            if (formStamp)
            {
                if (modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
                {
                    modelState.Remove(key);
                    modelState.SetModelValue(key, bindingContext.ValueProvider.GetValue(key));
                    modelState.TryAddModelError(key, FormStampAttribute.OutOfDateMessage);
                }

                return;
            }

            if (bindingContext.Result.Model is string text && text.Any(IsRefused))
            {
                modelState.TryAddModelError(key, $"{bindingContext.ModelMetadata.GetDisplayName()} cannot contain control characters (such as NUL): remove them and try again.");
                bindingContext.Result = ModelBindingResult.Failed();
            }
        }

        /// <summary>Control characters other than tab and line breaks, which a multi-line field may hold.</summary>
        private static bool IsRefused(char c) => char.IsControl(c) && c is not ('\t' or '\r' or '\n');
    }
}
