using System.Text.Json;

namespace InsightGig.Web.Tests.Hosting;

/// <summary>
/// The runtime settings the app starts with, read from the runtime configuration the built app is started with (they are
/// read by the runtime before any code of ours runs, so the file is where they take effect). Why each is set:
/// InsightGig.Web.csproj and docs/performance.md.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void The_app_runs_workstation_gc_in_the_background_and_its_thread_pool_does_not_spin()
    {
        var settings = ConfigProperties();

        Assert.False(settings.GetProperty("System.GC.Server").GetBoolean());
        Assert.True(settings.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.True(settings.TryGetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", out var spinLimit),
            "The thread pool's spin limit is not set: its workers spin before they sleep.");
        Assert.Equal(0, int.Parse(spinLimit.ToString(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static JsonElement ConfigProperties()
    {
        var path = Path.ChangeExtension(BuiltApp.AssemblyPath(), ".runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
