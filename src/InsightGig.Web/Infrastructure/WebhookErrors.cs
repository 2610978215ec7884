namespace InsightGig.Web.Infrastructure;

/// <summary>How the webhook endpoints (<c>/webhooks/*</c>) answer an unexpected error: 500 with an empty body, the exception logged.</summary>
internal static class WebhookErrors
{
    public const string PathPrefix = "/webhooks";

    public static ExceptionHandlerOptions Options() => new()
    {
        // The middleware has already cleared the response and set 500; nothing about the error goes to the caller.
        ExceptionHandler = _ => Task.CompletedTask,
    };
}
