using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Hangfire;
using InsightGig.Application.Common.Telemetry;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Infrastructure.Providers.Google;
using InsightGig.Infrastructure.Providers.Zoom;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using InsightGig.Web.Tests.Scheduling;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace InsightGig.Web.Tests.Telemetry;

/// <summary>
/// The app's telemetry as an operator's collector would get it (the in-memory exporter in place of OTLP): a meeting
/// scheduled through the page and converged by a background job leaves a request span, provider HTTP spans and a job
/// span, which carry the meeting's id but no email address and no token anywhere; provider calls are counted under the
/// providers' descriptor keys.
/// </summary>
/// <remarks>
/// Alone in the process while it runs (<see cref="ProcessWideTelemetryTests"/>): Npgsql's and ASP.NET Core's activity
/// sources are process-wide, so this app's tracer also records the spans of other tests' apps running beside it (a
/// PostgreSQL-backed sign-in's SQL once failed the check for "@" here).
/// </remarks>
[Collection(ProcessWideTelemetryTests.Name)]
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly SpanList _spans = new();
    private readonly ConcurrentQueue<(string Provider, string Outcome)> _providerCalls = new();
    private readonly MeterListener _meters = new();
    private ProviderSandboxServer _sandbox = null!;
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _app = null!;
    private SandboxedWebFactory _factory = null!;

    public async ValueTask InitializeAsync()
    {
        _sandbox = await ProviderSandboxServer.StartAsync(options =>
        {
            foreach (var account in new[] { DemoData.Clara, DemoData.Hiro })
            {
                options.KnownAccounts.Add(new SandboxAccount(account.Email, account.FullName));
            }
        });
        _factory = new SandboxedWebFactory(_sandbox.BaseAddress, overrides: new Dictionary<string, string?>
        {
            ["Telemetry:Enabled"] = "true",
            // The convergence job runs on a real Hangfire server, through the job filter.
            ["Jobs:RunServer"] = "true",
        });
        _app = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans))));
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == InsightGigTelemetry.Name && instrument.Name == "insightgig.provider.calls")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string? provider = null, outcome = null;
            foreach (var tag in tags)
            {
                provider = tag.Key == InsightGigTelemetry.ProviderTag ? tag.Value as string : provider;
                outcome = tag.Key == InsightGigTelemetry.OutcomeTag ? tag.Value as string : outcome;
            }

            _providerCalls.Enqueue((provider ?? "", outcome ?? ""));
        });
        _meters.Start();
    }

    [Fact]
    public async Task Spans_of_a_scheduled_and_converged_meeting_name_the_meeting_and_hold_no_email_or_token()
    {
        var ct = TestContext.Current.CancellationToken;
        var zoomTokens = await SandboxTestData.ConnectAsync(_app.Services, _sandbox.State, DemoData.Clara.Id, DemoData.Clara.Email, SandboxProvider.Zoom);
        var googleTokens = await SandboxTestData.ConnectAsync(_app.Services, _sandbox.State, DemoData.Clara.Id, DemoData.Clara.Email, SandboxProvider.Google);
        using var clara = await CreateClientForAsync(DemoData.Clara);
        var day = MeetingDates.NextMidJanuary();
        var form = await ScheduleForm.FillAsync(clara, $"/Experts/{DemoData.Hiro.Id}", "zoom", "Battery sourcing call", "Agenda.",
            ScheduleForm.Local(day.At(15)), ScheduleForm.Local(day.At(15, 45)));
        using (var response = await form.PostAsync(clara))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        Guid meetingId;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            meetingId = (await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Meetings.AsNoTracking().SingleAsync(ct)).Id;
        }

        var jobId = _app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<MeetingSyncJobs>(job => job.ConvergeAsync(meetingId, 1, CancellationToken.None));
        var jobSpan = await WaitForSpanAsync(s => s.GetTagItem(InsightGigTelemetry.JobIdTag) as string == jobId, ct);

        Assert.Equal("job MeetingSyncJobs.ConvergeAsync", jobSpan.DisplayName);
        Assert.Equal(meetingId.ToString(), jobSpan.GetTagItem(InsightGigTelemetry.MeetingIdTag));
        // The request that scheduled it names the meeting too, and its provider calls are its children.
        var schedule = Assert.Single(_spans, s => s.Kind == ActivityKind.Server && s.GetTagItem(InsightGigTelemetry.MeetingIdTag) as string == meetingId.ToString());
        Assert.Contains(_spans, s => s.Kind == ActivityKind.Client && s.TraceId == schedule.TraceId && s.GetTagItem("url.full") is string);
        Assert.Contains(_providerCalls, c => c == (ZoomProvider.Key, "success"));
        Assert.Contains(_providerCalls, c => c == (GoogleProvider.Key, "success"));

        string[] secrets =
        [
            DemoData.Clara.Email, DemoData.Hiro.Email, DemoData.Password,
            zoomTokens.AccessToken, zoomTokens.RefreshToken!, googleTokens.AccessToken, googleTokens.RefreshToken!,
        ];
        foreach (var span in _spans)
        {
            foreach (var text in span.Tags.Select(t => $"{t.Key}={t.Value}").Append(span.DisplayName)
                         .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}"))))
            {
                Assert.DoesNotContain("@", text, StringComparison.Ordinal);
                Assert.DoesNotContain("%40", text, StringComparison.OrdinalIgnoreCase);
                Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
            }
        }
    }

    private async Task<HttpClient> CreateClientForAsync(DemoAccount account)
    {
        var client = _app.CreateClient(InsightGigWebFactory.TestClientOptions);
        using var response = await InsightGigWebFactory.SignInAsync(client, account.Email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private async Task<Activity> WaitForSpanAsync(Func<Activity, bool> match, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_spans.FirstOrDefault(match) is { } span)
            {
                return span;
            }

            Assert.True(DateTime.UtcNow < deadline, "No span of the job within 60 s.");
            await Task.Delay(100, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _meters.Dispose();
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
        await _sandbox.DisposeAsync();
    }
}

/// <summary>What the in-memory exporter fills: spans end (and are exported) on many threads at once.</summary>
internal sealed class SpanList : ICollection<Activity>
{
    private readonly List<Activity> _items = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_items)
        {
            return _items.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_items)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    /// <summary>A snapshot: the exporter may add while a test reads.</summary>
    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_items)
        {
            return _items.ToList().GetEnumerator();
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Tests whose tracer listens to process-wide activity sources: run with no other test beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideTelemetryTests
{
    public const string Name = "Process-wide telemetry";
}
