using Hangfire;
using InsightGig.Application;
using InsightGig.Infrastructure;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Providers;
using InsightGig.Infrastructure.Security;
using InsightGig.Web;
using InsightGig.Web.Endpoints;
using InsightGig.Web.Infrastructure;
using InsightGig.Web.Sandbox;

// Before the host starts its threads (docs/performance.md, "Memory: what the process holds").
NativeMallocArenas.Apply(Environment.GetEnvironmentVariable);
var builder = WebApplication.CreateBuilder(args);
bool sandboxMounted;
string? certificateMadeNow;
try
{
    certificateMadeNow = KeyRingCertificateSetup.Configure(builder);
    builder.Services.AddApplication();
    builder.Services.AddInfrastructure(builder.Configuration, builder.Environment.ContentRootPath);
    // After the provider units are registered: it points every unit without credentials at the sandbox.
    sandboxMounted = EmbeddedSandbox.Configure(builder);
    InsightGig.Infrastructure.Notifications.MailServerStartupCheck.RefuseWithoutMailServer(builder.Configuration, builder.Environment.IsDevelopment());
    builder.Services.AddWebServices(builder.Configuration, builder.Environment);
    builder.Services.AddInsightGigTelemetry(builder.Configuration);
}
catch (StartupConfigurationException error)
{
    return await RefuseToStartAsync(error);
}

var app = builder.Build();

try
{
    await using (var scope = app.Services.CreateAsyncScope())
    {
        // Development migrates and seeds on start so a fresh clone runs with one command; production runs `build/migrate.sh`.
        var database = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        if (app.Configuration.GetValue<bool>("Database:MigrateOnStartup"))
        {
            await database.InitializeAsync(app.Configuration.GetValue<bool>("Database:SeedDemoData"), CancellationToken.None);
        }
        else
        {
            await database.EnsureMigratedAsync(CancellationToken.None);
        }
    }

    // Before anything uses the key ring: a key the certificates cannot read would otherwise be replaced silently.
    KeyRingCertificates.EnsureKeysReadable(app.Services, app.Configuration, app.Environment.IsDevelopment(), certificateMadeNow);
    // A key ring from before the certificate: new data is protected with an encrypted key from now on.
    KeyRingCertificates.EnsureDefaultKeyEncrypted(app.Services);
}
catch (StartupConfigurationException error)
{
    return await RefuseToStartAsync(error);
}

app.Services.GetRequiredService<RecurringJobsSetup>().Apply();

// Benchmark runs only (Benchmarks:BareEndpoints): the runtime's figures around each request, in a response header.
app.UseBenchmarkRuntimeHeader();
// Then: the client's address and scheme, as told by a trusted proxy, for everything after (rate limits, HTTPS redirect).
app.UseForwardedHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Errors/500");
    app.UseHsts();
    app.UseHttpsRedirection();
}

app.Use((context, next) => context.RequestServices.GetRequiredService<SecurityHeaders>().InvokeAsync(context, next));
// Machines call the webhooks: an unexpected error there is a bare 500 in every environment, never an error page nor
// Development's stack trace (this handler sits inside the developer exception page, so it catches first).
app.UseWhen(
    context => context.Request.Path.StartsWithSegments(WebhookErrors.PathPrefix, StringComparison.OrdinalIgnoreCase),
    webhooks => webhooks.UseExceptionHandler(WebhookErrors.Options()));
app.UseStatusCodePagesWithReExecute("/Errors/{0}");
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapStaticAssets().AllowAnonymous();
app.MapRazorPages().WithStaticAssets();
app.MapProviderEndpoints();
app.MapHealthEndpoints();
app.MapBenchmarkEndpoints();
app.MapHangfireDashboard("/hangfire", new DashboardOptions
    {
        DashboardTitle = "InsightGig background jobs",
        AppPath = "/",
        Authorization = [new HangfireDashboardAccess()],
    })
    .RequireAuthorization(InsightGig.Web.DependencyInjection.AdminPolicy)
    .WithMetadata(SecurityHeaders.HangfireDashboard);
if (sandboxMounted)
{
    EmbeddedSandbox.Map(app);
}

await app.RunAsync();
return 0;

// What to set, on one line, and a failing exit code: not a stack trace that buries the message.
static async Task<int> RefuseToStartAsync(StartupConfigurationException error)
{
    await Console.Error.WriteLineAsync($"InsightGig cannot start: {error.Message}");
    return 1;
}

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
