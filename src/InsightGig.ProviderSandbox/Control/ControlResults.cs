using InsightGig.ProviderSandbox.Common;
using Microsoft.AspNetCore.Http;

namespace InsightGig.ProviderSandbox.Control;

/// <summary>The control API's answers (JSON, camelCase), shared by <see cref="ControlEndpoints"/> and the provider parts' control endpoints.</summary>
internal static class ControlResults
{
    private sealed record ErrorBody(string Error);

    public static IResult Json(object value, int status = StatusCodes.Status200OK) =>
        Results.Json(value, SandboxJson.Control, statusCode: status);

    public static IResult BadRequest(string message) => Json(new ErrorBody(message), StatusCodes.Status400BadRequest);
}
