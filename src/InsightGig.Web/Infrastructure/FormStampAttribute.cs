namespace InsightGig.Web.Infrastructure;

/// <summary>
/// A value a form carries for itself, not typed by the person (the version a meeting was shown at): when it does not bind,
/// the form is out of date or was tampered with, and the message says so instead of naming a field nobody sees.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FormStampAttribute : Attribute
{
    public const string OutOfDateMessage = "The form is out of date. Reload the page and try again.";
}
