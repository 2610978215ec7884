using System.Diagnostics;
using InsightGig.ProviderSandbox.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InsightGig.ProviderSandbox.Faults;

/// <summary>
/// Wraps every provider endpoint: applies injected latency and failures, then runs the handler and executes its
/// result here, so the request log records the status actually sent.
/// </summary>
internal sealed class ProviderEndpointFilter(ProviderSandboxState state) : IEndpointFilter
{
    /// <summary>Longer than the 100 s a client would wait (HttpClient's default timeout).</summary>
    private static readonly TimeSpan HangDuration = TimeSpan.FromSeconds(110);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpContext http = context.HttpContext;
        EndpointMetadataCollection? metadata = http.GetEndpoint()?.Metadata;
        // Only provider groups carry this filter, and every group has its provider's metadata.
        SandboxProvider provider = metadata!.GetMetadata<SandboxProviderMetadata>()!.Provider;
        SandboxEndpointKind kind = metadata?.GetMetadata<SandboxEndpointKindMetadata>()?.Kind ?? SandboxEndpointKind.Page;
        long started = Stopwatch.GetTimestamp();
        int status = StatusCodes.Status500InternalServerError;
        try
        {
            // Real delays (not the injected TimeProvider): latency is about wall-clock behaviour of the client under test.
            FaultDecision decision = state.Faults.Evaluate(provider, kind, http.Request.Method);
            if (decision.Latency > TimeSpan.Zero)
            {
                await Task.Delay(decision.Latency, http.RequestAborted);
            }

            IResult result;
            if (decision.Failure is { Hang: true })
            {
                await HangAsync(http);
                result = FailureResult(provider, kind, new FaultFailure(StatusCodes.Status504GatewayTimeout, null, false));
            }
            else if (decision.Failure is { HangAfterHandling: true })
            {
                // The provider acts (its state changes) and the answer is lost: the caller never learns what was made.
                _ = await next(context);
                await HangAsync(http);
                result = FailureResult(provider, kind, new FaultFailure(StatusCodes.Status504GatewayTimeout, null, false));
            }
            else if (decision.Failure is { FailAfterHandling: true } failedAfter)
            {
                // The provider acts (its state changes), then answers an error: the caller cannot tell it acted.
                _ = await next(context);
                result = FailureResult(provider, kind, failedAfter);
            }
            else if (decision.Failure is { } failure)
            {
                result = FailureResult(provider, kind, failure);
            }
            else if (await next(context) is IResult handled)
            {
                result = handled;
            }
            else
            {
                status = http.Response.StatusCode;
                return null;
            }

            await result.ExecuteAsync(http);
            status = http.Response.StatusCode;
            return Results.Empty;
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            status = 499; // client closed request
            return Results.Empty;
        }
        finally
        {
            state.Requests.Add(new SandboxRequestLogEntry(
                state.Time.GetUtcNow(),
                provider.Name(),
                http.Request.Method,
                http.Request.PathBase + http.Request.Path,
                status,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds),
                (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "");
        }
    }

    private static async Task HangAsync(HttpContext http)
    {
        CancellationToken stopping = http.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        try
        {
            await Task.Delay(HangDuration, linked.Token);
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            // The host is stopping: give up hanging and answer the 504 below.
        }
    }

    private static IResult FailureResult(SandboxProvider provider, SandboxEndpointKind kind, FaultFailure failure)
    {
        IResult body = SandboxParts.Find(provider)!.FaultResult(failure.Status, kind);
        return failure.RetryAfterSeconds is { } seconds ? new WithHeaderResult(body, "Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)) : body;
    }
}
